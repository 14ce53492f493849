import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { hostPath, lxcConfigPath, PATHS } from '../labPaths';
import { readFileIfExists, withLockFile, writeFileAtomic } from '../fsUtil';

/** One LXC guest config (/etc/pve/lxc/<vmid>.conf), current section only. */
export interface LxcConfig {
  vmid: number;
  /** key -> raw value, in file order */
  entries: Map<string, string>;
  /** raw `lxc.*` lines, kept verbatim and printed last */
  rawLxc: Array<[string, string]>;
  description?: string;
  /** snapshot sections ("[name]" and below), kept verbatim */
  snapshotText: string;
  /** the file as read, for configDigest() */
  raw: string;
}

/** The config's digest as the API returns it (SHA-1 of the file); only computed where needed. */
export function configDigest(conf: LxcConfig): string {
  return crypto.createHash('sha1').update(conf.raw).digest('hex');
}

// Keys whose values the config parser turns into numbers (pve-container's check_type).
const INTEGER_KEYS = new Set(['cores', 'cpuunits', 'memory', 'swap', 'tty']);
const BOOLEAN_KEYS = new Set(['onboot', 'unprivileged', 'template', 'protection', 'console', 'debug']);
const NUMBER_KEYS = new Set(['cpulimit']);

export function parseLxcConfig(vmid: number, raw: string): LxcConfig {
  const entries = new Map<string, string>();
  const rawLxc: Array<[string, string]> = [];
  const descLines: string[] = [];
  const lines = raw.split('\n');
  let i = 0;
  for (; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (/^\[.+\]\s*$/.test(line)) break;
    if (line.trim() === '') continue;
    if (line.startsWith('#')) {
      descLines.push(decodeText(line.slice(1)));
      continue;
    }
    const m = /^(lxc\.[a-z0-9_.]+)(?:\s*=\s*|:\s*)(.*?)\s*$/.exec(line);
    if (m) {
      rawLxc.push([m[1] ?? '', m[2] ?? '']);
      continue;
    }
    const kv = /^([a-z][a-z_0-9-]*):\s*(.*?)\s*$/.exec(line);
    if (kv) entries.set(kv[1] ?? '', kv[2] ?? '');
  }
  return {
    vmid,
    entries,
    rawLxc,
    description: descLines.length ? descLines.map((l) => `${l}\n`).join('') : undefined,
    snapshotText: lines.slice(i).join('\n'),
    raw,
  };
}

/** Serialises like write_pct_config: description comments, sorted keys, raw lxc keys, snapshots. */
export function formatLxcConfig(conf: LxcConfig): string {
  let out = '';
  if (conf.description !== undefined) {
    for (const line of conf.description.replace(/\n$/, '').split('\n')) out += `#${encodeComment(line)}\n`;
  }
  for (const key of [...conf.entries.keys()].sort()) out += `${key}: ${conf.entries.get(key)}\n`;
  for (const [k, v] of conf.rawLxc) out += `${k}: ${v}\n`;
  if (conf.snapshotText.trim() !== '') out += `\n${conf.snapshotText.replace(/^\n+/, '')}`;
  return out;
}

/** PVE::Tools::encode_text: control and high bytes, ':' and '%' become %XX. */
export function encodeText(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((b) =>
      b < 0x20 || b >= 0x7f || b === 0x25 || b === 0x3a
        ? `%${b.toString(16).toUpperCase().padStart(2, '0')}`
        : String.fromCharCode(b),
    )
    .join('');
}

function encodeComment(line: string): string {
  return line
    .replace(/%/g, '%25')
    .replace(/[\x00-\x1f]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function decodeText(text: string): string {
  try {
    return decodeURIComponent(text.replace(/%(?![0-9A-Fa-f]{2})/g, '%25'));
  } catch {
    return text;
  }
}

/** Typed value of a config key as the API returns it. */
export function typedConfigValue(key: string, value: string): string | number {
  if (INTEGER_KEYS.has(key) && /^\d+$/.test(value)) return Number.parseInt(value, 10);
  if (BOOLEAN_KEYS.has(key)) return /^(1|on|yes|true)$/i.test(value) ? 1 : 0;
  if (NUMBER_KEYS.has(key) && /^\d+(\.\d+)?$/.test(value)) return Number(value);
  return value;
}

export function listLxcIds(): number[] {
  let names: string[];
  try {
    names = fs.readdirSync(hostPath(PATHS.lxcDir));
  } catch {
    return [];
  }
  return names
    .map((n) => /^(\d+)\.conf$/.exec(n)?.[1])
    .filter((v): v is string => v !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

export class ConfigNotFoundError extends Error {}

export function readLxcConfig(vmid: number): LxcConfig {
  const raw = readFileIfExists(hostPath(lxcConfigPath(vmid)));
  if (raw === undefined) {
    throw new ConfigNotFoundError(`Configuration file 'nodes/pve2/lxc/${vmid}.conf' does not exist`);
  }
  return parseLxcConfig(vmid, raw);
}

/** Read-modify-write under the config lock, like PVE's lock_config. */
export function updateLxcConfig(vmid: number, change: (conf: LxcConfig) => void): LxcConfig {
  const file = hostPath(lxcConfigPath(vmid));
  return withLockFile(hostPath(`/run/lock/lxc/pve-config-${vmid}.lock`), () => {
    const conf = readLxcConfig(vmid);
    change(conf);
    writeFileAtomic(file, formatLxcConfig(conf), 0o640);
    return conf;
  });
}

/** AbstractConfig::check_lock wording. */
export function lockError(lock: string): string {
  return `CT is locked (${lock})`;
}

export function setLock(vmid: number, lock: string): void {
  updateLxcConfig(vmid, (conf) => {
    const current = conf.entries.get('lock');
    if (current) throw new Error(lockError(current));
    conf.entries.set('lock', lock);
  });
}

export function removeLock(vmid: number, lock?: string): void {
  updateLxcConfig(vmid, (conf) => {
    const current = conf.entries.get('lock');
    if (lock !== undefined && current !== undefined && current !== lock) {
      throw new Error(`config lock '${current}' is not '${lock}'`);
    }
    conf.entries.delete('lock');
  });
}
