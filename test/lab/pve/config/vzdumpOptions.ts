/**
 * The vzdump option schema ($confdesc) as far as the lab needs it: what /etc/vzdump.conf,
 * the vzdump CLI and POST /nodes/{node}/vzdump accept. PVE 8 flavour (maxfiles and
 * notification-policy still known, deprecated).
 */
export interface OptionSpec {
  type: 'boolean' | 'integer' | 'string' | 'array';
  enum?: readonly string[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  default?: number | string;
  format?:
    | 'pve-storage-id'
    | 'pve-vmid-list'
    | 'email-or-username-list'
    | 'pve-node'
    | 'prune-backups'
    | 'backup-performance'
    | 'backup-fleecing'
    | 'pve-configid';
}

export const VZDUMP_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  all: { type: 'boolean', default: 0 },
  bwlimit: { type: 'integer', minimum: 0, default: 0 },
  compress: { type: 'string', enum: ['0', '1', 'gzip', 'lzo', 'zstd'], default: '0' },
  dumpdir: { type: 'string' },
  exclude: { type: 'string', format: 'pve-vmid-list' },
  'exclude-path': { type: 'array' },
  fleecing: { type: 'string', format: 'backup-fleecing' },
  ionice: { type: 'integer', minimum: 0, maximum: 8, default: 7 },
  lockwait: { type: 'integer', minimum: 0, default: 180 },
  mailnotification: { type: 'string', enum: ['always', 'failure'], default: 'always' },
  mailto: { type: 'string', format: 'email-or-username-list' },
  maxfiles: { type: 'integer', minimum: 1 },
  mode: { type: 'string', enum: ['snapshot', 'suspend', 'stop'], default: 'snapshot' },
  node: { type: 'string', format: 'pve-node' },
  'notes-template': { type: 'string', maxLength: 1024 },
  'notification-mode': { type: 'string', enum: ['auto', 'legacy-sendmail', 'notification-system'], default: 'auto' },
  'notification-policy': { type: 'string', enum: ['always', 'failure', 'never'], default: 'always' },
  'notification-target': { type: 'string', format: 'pve-configid' },
  'pbs-change-detection-mode': { type: 'string', enum: ['legacy', 'data', 'metadata'] },
  performance: { type: 'string', format: 'backup-performance' },
  pigz: { type: 'integer', default: 0 },
  pool: { type: 'string' },
  protected: { type: 'boolean' },
  'prune-backups': { type: 'string', format: 'prune-backups', default: 'keep-all=1' },
  quiet: { type: 'boolean', default: 0 },
  remove: { type: 'boolean', default: 1 },
  script: { type: 'string' },
  stdexcludes: { type: 'boolean', default: 1 },
  stop: { type: 'boolean', default: 0 },
  stopwait: { type: 'integer', minimum: 0, default: 10 },
  storage: { type: 'string', format: 'pve-storage-id' },
  tmpdir: { type: 'string' },
  vmid: { type: 'string', format: 'pve-vmid-list' },
  zstd: { type: 'integer', default: 1 },
};

/** Parameters only the API/CLI accept (not $confdesc). */
export const API_ONLY_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  stdout: { type: 'boolean' },
  'job-id': { type: 'string' },
};

const PRUNE_KEYS = ['keep-all', 'keep-last', 'keep-hourly', 'keep-daily', 'keep-weekly', 'keep-monthly', 'keep-yearly'];

/** parse_boolean: 1|on|yes|true -> 1, 0|off|no|false -> 0, otherwise undefined. */
export function parseBoolean(value: string): 0 | 1 | undefined {
  if (/^(1|on|yes|true)$/i.test(value)) return 1;
  if (/^(0|off|no|false)$/i.test(value)) return 0;
  return undefined;
}

/** split_list: separators ',', ';', whitespace, NUL. */
export function splitList(value: string): string[] {
  return value.split(/[\s,;\0]+/).filter((s) => s.length > 0);
}

/** Parses a property string `k=v,k2=v2`; returns an error message or the map. */
export function parsePropertyString(
  value: string,
  keys: Record<string, 'integer' | 'boolean' | 'string'>,
  defaultKey?: string,
): Map<string, string> | string {
  const res = new Map<string, string>();
  for (const part of value.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? defaultKey : part.slice(0, eq);
    const val = eq < 0 ? part : part.slice(eq + 1);
    if (key === undefined || !(key in keys)) {
      return `format error\n${key ?? part}: property is not defined in schema and the schema does not allow additional properties`;
    }
    if (res.has(key)) return `format error\n${key}: duplicate key in comma-separated list property`;
    const type = keys[key];
    if (type === 'integer' && !/^-?\d+$/.test(val))
      return `format error\n${key}: type check ('integer') failed - got '${val}'`;
    if (type === 'boolean' && parseBoolean(val) === undefined)
      return `format error\n${key}: type check ('boolean') failed - got '${val}'`;
    res.set(key, val);
  }
  return res;
}

export function parsePruneBackups(value: string): Map<string, string> | string {
  const keys = Object.fromEntries(PRUNE_KEYS.map((k) => [k, k === 'keep-all' ? 'boolean' : 'integer'] as const));
  const res = parsePropertyString(value, keys);
  if (typeof res === 'string') return res;
  const others = [...res.entries()].filter(([k, v]) => k !== 'keep-all' && Number(v) > 0);
  if (res.has('keep-all') && parseBoolean(res.get('keep-all') ?? '') === 1 && others.length > 0) {
    return 'keep-all cannot be set together with other options.';
  }
  if (others.length === 0) return new Map([['keep-all', '1']]);
  return res;
}

/** Error message of a format check, or undefined when valid. */
function checkFormat(format: NonNullable<OptionSpec['format']>, value: string): string | undefined {
  switch (format) {
    case 'pve-storage-id':
      if (value.length < 2) return `storage ID '${value}' cannot be shorter than 2 characters`;
      return /^[a-z][a-z0-9\-_.]*[a-z0-9]$/i.test(value)
        ? undefined
        : `storage ID '${value}' contains illegal characters`;
    case 'pve-vmid-list':
      return splitList(value).every((v) => /^[1-9][0-9]{2,8}$/.test(v))
        ? undefined
        : 'value does not look like a valid VM ID';
    case 'pve-node':
      return /^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$/.test(value)
        ? undefined
        : 'value does not look like a valid node name';
    case 'pve-configid':
      return /^[a-z][a-z0-9_-]+$/i.test(value) ? undefined : `invalid configuration ID '${value}'`;
    case 'email-or-username-list':
      return splitList(value).every((v) => /^[\w+~-]+(\.[\w+~-]+)*(@[a-zA-Z0-9-]+(\.[a-zA-Z0-9-]+)*)?$/.test(v))
        ? undefined
        : 'value does not look like a valid email address or user name';
    case 'prune-backups': {
      const r = parsePruneBackups(value);
      return typeof r === 'string' ? r : undefined;
    }
    case 'backup-performance': {
      const r = parsePropertyString(value, { 'max-workers': 'integer', 'pbs-entries-max': 'integer' });
      return typeof r === 'string' ? r : undefined;
    }
    case 'backup-fleecing': {
      const r = parsePropertyString(value, { enabled: 'boolean', storage: 'string' }, 'enabled');
      if (typeof r === 'string') return r;
      if (parseBoolean(r.get('enabled') ?? '0') === 1 && !r.has('storage'))
        return "'storage' parameter is required when 'enabled' is set";
      return undefined;
    }
  }
}

/** check_prop: the error text for a value, or undefined when it is valid. */
export function checkOption(spec: OptionSpec, value: string | number): string | undefined {
  const str = String(value);
  if (spec.type === 'integer') {
    if (!/^-?\d+$/.test(str)) return `type check ('integer') failed - got '${str}'`;
  }
  if (spec.type === 'boolean') {
    if (str !== '0' && str !== '1') return `type check ('boolean') failed - got '${str}'`;
  }
  if (spec.enum && !spec.enum.includes(str)) {
    return `value '${str}' does not have a value in the enumeration '${spec.enum.join(', ')}'`;
  }
  if (spec.minimum !== undefined && Number(str) < spec.minimum)
    return `value must have a minimum value of ${spec.minimum}`;
  if (spec.maximum !== undefined && Number(str) > spec.maximum)
    return `value must have a maximum value of ${spec.maximum}`;
  if (spec.maxLength !== undefined && str.length > spec.maxLength)
    return `value may only be ${spec.maxLength} characters long`;
  if (spec.format) {
    const err = checkFormat(spec.format, str);
    if (err) return `invalid format - ${err}`;
  }
  return undefined;
}
