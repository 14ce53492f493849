import * as z from 'zod';
import { readJsonNumber } from './counters';
import { scanFromJson } from './jsonScan';
import { documentSchema, type JsonPool } from './jsonSchema';
import { readFlat, readNested, type Context } from './jsonVdevTree';
import type { PoolErrors, ZpoolStatus } from './types';
import { errorMessage } from '../../shared/errorMessage';

// `zpool status -j` (OpenZFS 2.3+), read into the same model as the text. Numbers are strings like the
// text columns ("2.04K") unless --json-int made them integers; both are accepted. The vdev tree is
// nested, or flat with "parent" names under --json-flat-vdevs. Where JSON and text differ, the text's
// words win, so both paths give equal objects: vdev states (CANT_OPEN -> UNAVAIL, ...), the aux reason
// (OPEN_FAILED -> "cannot open", ...), the status text (its "\n\t" joined like the text's lines).

/** status/action: released code prints the text with "\n\t" continuations; a pre-release printed the enum name (kept). */
function readReason(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const joined = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(' ');
  // "OK" (development builds) is what the text shows as no status line at all.
  return joined === '' || joined === 'OK' ? undefined : joined;
}

function errorsFromJson(pool: JsonPool): PoolErrors {
  const errors: PoolErrors = { clean: readJsonNumber(pool.error_count) === 0, permanent: [] };
  if (Array.isArray(pool.errlist)) errors.permanent = [...pool.errlist];
  else if (pool.errlist !== undefined) errors.unavailable = true;
  return errors;
}

function poolFromJson(key: string, json: JsonPool): ZpoolStatus {
  const scan = json.scan_stats ? scanFromJson(json.scan_stats) : undefined;
  const name = json.name ?? key;
  const context: Context = {
    poolName: name,
    poolState: json.state,
    running: scan?.state === 'in-progress' ? scan.kind : undefined,
  };
  const map = json.vdevs ?? {};
  const flat = Object.values(map).some((vdev) => vdev.parent !== undefined);
  const pool: ZpoolStatus = {
    name,
    state: json.state,
    vdevs: flat ? readFlat(map, context) : readNested(json, context),
    errors: errorsFromJson(json),
  };
  const status = readReason(json.status);
  if (status) pool.status = status;
  const action = readReason(json.action);
  if (action) pool.action = action;
  if (json.moreinfo) pool.see = json.moreinfo;
  if (scan) pool.scan = scan;
  return pool;
}

/**
 * Parses the output of `zpool status -j` (a string, or the value JSON.parse made of it). Throws with a
 * short reason when the text is not JSON or not shaped like zpool's.
 */
export function parseZpoolStatusJson(input: unknown): ZpoolStatus[] {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw new Error(`zpool status JSON could not be read: ${errorMessage(error)}`);
    }
  }
  const parsed = documentSchema.safeParse(value);
  if (!parsed.success) throw new Error(`zpool status JSON is not shaped as expected: ${z.prettifyError(parsed.error)}`);
  return Object.entries(parsed.data.pools).map(([key, pool]) => poolFromJson(key, pool));
}
