import { apiPath, pveshGet } from '../proxmox/pvesh';
import * as z from 'zod';

// After a save, Proxmox itself is asked what it read (`GET /nodes/<node>/vzdump/defaults`) and
// that is compared with what the editor meant. A mismatch means the file does not say what the
// user thinks it says.

export const vzdumpDefaultsSchema = z.record(z.string(), z.unknown());

export function vzdumpDefaults(node: string) {
  return pveshGet(apiPath('nodes', node, 'vzdump', 'defaults'), vzdumpDefaultsSchema);
}

export interface DefaultsMismatch {
  key: string;
  meant: string;
  proxmox: string;
}

/** Keys whose value Proxmox reads differently from the value we validated (absent counts as ''). */
export function compareWithDefaults(
  values: Record<string, string | string[]>,
  defaults: Record<string, unknown>,
): DefaultsMismatch[] {
  const mismatches: DefaultsMismatch[] = [];
  for (const [key, value] of Object.entries(values)) {
    const meant = normalise(key, value);
    const actual = defaults[key];
    const proxmox =
      typeof actual === 'object' && actual !== null && !Array.isArray(actual)
        ? propertyString(actual as Record<string, unknown>)
        : normalise(key, actual === undefined || actual === null ? '' : stringOf(actual));
    if (!sameValue(key, meant, proxmox)) mismatches.push({ key, meant, proxmox });
  }
  return mismatches;
}

function stringOf(value: unknown): string {
  if (Array.isArray(value)) return value.map(stringOf).join(',');
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : JSON.stringify(value);
}

function normalise(key: string, value: string | string[]): string {
  const joined = Array.isArray(value) ? value.join(',') : value;
  if (key === 'mailto')
    return joined
      .split(/[,;\s]+/)
      .filter(Boolean)
      .join(',');
  if (key === 'tmpdir' || key === 'dumpdir') return joined.replace(/(.)\/+$/, '$1');
  return joined.trim();
}

/** Objects such as performance and fleecing come back parsed: compare them as sorted k=v lists. */
function propertyString(object: Record<string, unknown>): string {
  return Object.entries(object)
    .map(([k, v]) => `${k}=${stringOf(v)}`)
    .sort()
    .join(',');
}

function sameValue(key: string, meant: string, proxmox: string): boolean {
  if (meant === proxmox) return true;
  if (key === 'performance' || key === 'fleecing' || key === 'prune-backups') {
    // Proxmox fills in sub-key defaults; every sub-key the user wrote must be there unchanged.
    const written = subKeys(key, meant);
    const read = new Map(proxmox.split(',').map((part) => part.split('=') as [string, string]));
    return [...written].every(([k, v]) => read.get(k) === v);
  }
  return false;
}

function subKeys(key: string, value: string): Map<string, string> {
  const parts = value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  // fleecing's default key: a bare "1" means enabled=1
  return new Map(
    parts.map((part) =>
      part.includes('=') ? (part.split('=', 2) as [string, string]) : [key === 'fleecing' ? 'enabled' : part, part],
    ),
  );
}
