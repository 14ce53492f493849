import { readVzdumpDefaults, type PerlValue } from '../config/vzdumpConf';
import { findStorage, dumpDirOf } from '../config/storageConfig';
import { parsePruneBackups, splitList } from '../config/vzdumpOptions';
import { hostPath } from '../labPaths';
import * as fs from 'node:fs';

/** The merged options of one vzdump job (PVE::VZDump->new). */
export interface JobOptions {
  vmids: number[];
  mode: 'snapshot' | 'suspend' | 'stop';
  compress: string;
  zstdThreads: number;
  pigz: number;
  storage?: string;
  dumpdir: string;
  tmpdir?: string;
  bwlimit: number;
  ionice: number;
  lockwait: number;
  stopwait: number;
  stdexcludes: boolean;
  excludePaths: string[];
  remove: boolean;
  prune: Record<string, string>;
  notesTemplate?: string;
  protected: boolean;
  all: boolean;
}

export class JobSetupError extends Error {}

const num = (v: PerlValue | undefined, fallback: number): number =>
  v === undefined || typeof v === 'object' ? fallback : Number(v);
const str = (v: PerlValue | undefined): string | undefined =>
  typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;

/**
 * Job parameters (CLI/API, strings) over /etc/vzdump.conf over schema defaults. Returns the
 * options and the warnings the file produced; throws JobSetupError with vzdump's messages.
 */
export function buildJobOptions(
  params: Record<string, string>,
  allGuests: number[],
): { opts: JobOptions; warnings: string[] } {
  const { values: defaults, warnings } = readVzdumpDefaults();
  const pick = (key: string): PerlValue | undefined =>
    params[key] ?? (key === 'storage' || key === 'dumpdir' ? undefined : defaults[key]);
  let storage = params.storage;
  let dumpdir = params.dumpdir;
  if (storage === undefined && dumpdir === undefined) {
    storage = typeof defaults.storage === 'string' ? defaults.storage : undefined;
    dumpdir = typeof defaults.dumpdir === 'string' ? defaults.dumpdir : undefined;
  }
  if (storage !== undefined && dumpdir !== undefined)
    throw new JobSetupError("cannot use options 'storage' and 'dumpdir' at the same time");
  if (dumpdir === undefined) storage ??= 'local';

  const errors: string[] = [];
  let prune: Record<string, string> | undefined = params['prune-backups']
    ? mapOf(parsePruneBackups(params['prune-backups']))
    : undefined;
  if (storage !== undefined) {
    const s = findStorage(storage);
    if (!s) errors.push(`could not get storage information for '${storage}': storage '${storage}' does not exist`);
    else if (!s.content.includes('backup'))
      errors.push(
        `could not get storage information for '${storage}': can't use storage '${storage}' for backups - wrong content type`,
      );
    else {
      dumpdir = dumpDirOf(s);
      if (!prune && s.pruneBackups) prune = mapOf(parsePruneBackups(s.pruneBackups));
    }
  } else if (dumpdir !== undefined && !fs.existsSync(hostPath(dumpdir))) {
    errors.push(`dumpdir '${dumpdir}' does not exist`);
  }
  if (!prune) {
    const d = defaults['prune-backups'];
    prune =
      d && typeof d === 'object' && !Array.isArray(d)
        ? Object.fromEntries(Object.entries(d).map(([k, v]) => [k, String(v)]))
        : { 'keep-all': '1' };
  }
  const tmpdirRaw = pick('tmpdir');
  const tmpdir = typeof tmpdirRaw === 'string' ? tmpdirRaw.replace(/\/+$/, '') : undefined;
  if (tmpdir && !fs.existsSync(hostPath(tmpdir))) errors.push(`tmpdir '${tmpdir}' does not exist`);
  if (errors.length > 0) throw new JobSetupError(errors.join('\n'));

  const excludeDefaults = Array.isArray(defaults['exclude-path']) ? defaults['exclude-path'] : [];
  const excludeParams = params['exclude-path'] ? params['exclude-path'].split('\0') : [];
  const all = params.all === '1';
  const vmids = all
    ? allGuests.filter((v) => !splitList(params.exclude ?? '').includes(String(v)))
    : splitList(params.vmid ?? '').map(Number);
  const removeRaw = num(pick('remove'), 1);
  return {
    opts: {
      vmids: [...new Set(vmids)].sort((a, b) => a - b),
      mode: (str(pick('mode')) ?? 'snapshot') as JobOptions['mode'],
      compress: str(pick('compress')) ?? '0',
      zstdThreads: num(pick('zstd'), 1),
      pigz: num(pick('pigz'), 0),
      storage,
      dumpdir: (dumpdir ?? '').replace(/\/+$/, ''),
      tmpdir,
      bwlimit: num(pick('bwlimit'), 0),
      ionice: num(pick('ionice'), 7),
      lockwait: num(pick('lockwait'), 180),
      stopwait: num(pick('stopwait'), 10),
      stdexcludes: num(pick('stdexcludes'), 1) === 1,
      excludePaths: [...excludeDefaults, ...excludeParams],
      // keep-all turns pruning off
      remove: removeRaw === 1 && prune['keep-all'] !== '1',
      prune,
      notesTemplate: storage !== undefined ? str(pick('notes-template')) : undefined,
      protected: storage !== undefined && str(pick('protected')) === '1',
      all,
    },
    warnings,
  };
}

function mapOf(parsed: Map<string, string> | string): Record<string, string> {
  if (typeof parsed === 'string') throw new JobSetupError(`invalid format - ${parsed}`);
  return Object.fromEntries(parsed);
}
