import { hostPath, PATHS } from '../labPaths';
import { readFileIfExists } from '../fsUtil';
import {
  checkOption,
  parseBoolean,
  parsePropertyString,
  parsePruneBackups,
  splitList,
  VZDUMP_OPTIONS,
} from './vzdumpOptions';

/** A value as Perl holds it after parsing: file strings stay strings, booleans become 0/1. */
export type PerlValue = string | number | string[] | Record<string, string | number>;

export interface ParsedVzdumpConf {
  values: Record<string, PerlValue>;
  /** lines Perl would `warn` (they land in the task log without a prefix) */
  warnings: string[];
}

/** Shell-word splitting of exclude-path lines (Text::ParseWords::shellwords, simplified). */
export function splitArgs(value: string): string[] {
  const words: string[] = [];
  const re = /"((?:\\.|[^"\\])*)"|'([^']*)'|((?:\\.|[^\s"'\\])+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(value)) !== null) {
    words.push(
      m[1] !== undefined
        ? m[1].replace(/\\(.)/g, '$1')
        : m[2] !== undefined
          ? m[2]
          : (m[3] ?? '').replace(/\\(.)/g, '$1'),
    );
  }
  return words;
}

/**
 * PVE::JSONSchema::parse_config over /etc/vzdump.conf: trimmed lines, '#' comments, `key:` directly
 * followed by the colon, last value wins (arrays accumulate), invalid values warned and dropped,
 * unknown keys silently kept.
 */
export function parseVzdumpConf(raw: string, filename = PATHS.vzdumpConf): ParsedVzdumpConf {
  const cfg: Record<string, PerlValue> = {};
  const warnings: string[] = [];
  for (const rawLine of raw.split('\n')) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(\S+?):\s*(.*)$/.exec(line);
    if (!m) {
      warnings.push(`ignore config line: ${line}`);
      continue;
    }
    const key = m[1] ?? '';
    let value: string | number = m[2] ?? '';
    const spec = VZDUMP_OPTIONS[key];
    if (spec?.type === 'boolean') value = parseBoolean(value) ?? value;
    if (spec?.type === 'array') {
      const prev = cfg[key];
      const list = Array.isArray(prev) ? prev : [];
      list.push(String(value));
      cfg[key] = list;
      continue;
    }
    cfg[key] = value;
  }
  for (const [key, value] of Object.entries(cfg)) {
    const spec = VZDUMP_OPTIONS[key];
    if (!spec || spec.type === 'array') continue;
    const err = checkOption(spec, value as string | number);
    if (err) {
      warnings.push(`parse error in '${filename}' - '${key}': ${err}`);
      delete cfg[key];
    }
  }
  return { values: cfg, warnings };
}

function schemaDefaults(): Record<string, PerlValue> {
  const d: Record<string, PerlValue> = {};
  for (const [key, spec] of Object.entries(VZDUMP_OPTIONS)) {
    if (spec.default !== undefined) d[key] = spec.default;
  }
  d.performance = { 'max-workers': 16, 'pbs-entries-max': 1048576 };
  d.fleecing = { enabled: 0 };
  d['prune-backups'] = { 'keep-all': 1 };
  return d;
}

/**
 * read_vzdump_defaults(): schema defaults merged with the parsed file. prune-backups, performance
 * and fleecing become hashes; exclude-path and mailto become lists.
 */
export function vzdumpDefaultsFrom(raw: string | undefined): ParsedVzdumpConf {
  const defaults = schemaDefaults();
  if (raw === undefined) return { values: defaults, warnings: [] };
  const { values: res, warnings } = parseVzdumpConf(raw);
  const excludes = res['exclude-path'];
  if (Array.isArray(excludes)) res['exclude-path'] = excludes.flatMap((p) => splitArgs(p));
  if (typeof res.mailto === 'string') res.mailto = splitList(res.mailto);
  if (res.maxfiles !== undefined) {
    if (res['prune-backups'] !== undefined) {
      warnings.push(
        `WARN: both 'maxfiles' and 'prune-backups' defined as options in '${PATHS.vzdumpConf}' - ignoring 'maxfiles'`,
      );
    } else {
      res['prune-backups'] = `keep-last=${typeof res.maxfiles === 'object' ? '' : String(res.maxfiles)}`;
    }
    delete res.maxfiles;
  }
  if (typeof res['prune-backups'] === 'string') {
    const parsed = parsePruneBackups(res['prune-backups']);
    res['prune-backups'] = typeof parsed === 'string' ? { 'keep-all': 1 } : Object.fromEntries(parsed);
  }
  for (const key of ['performance', 'fleecing'] as const) {
    const raw = res[key];
    if (typeof raw === 'string') {
      const parsed = parsePropertyString(
        raw,
        key === 'performance'
          ? { 'max-workers': 'integer', 'pbs-entries-max': 'integer' }
          : { enabled: 'boolean', storage: 'string' },
        key === 'fleecing' ? 'enabled' : undefined,
      );
      res[key] = typeof parsed === 'string' ? {} : Object.fromEntries(parsed);
    }
  }
  for (const [key, value] of Object.entries(defaults)) {
    if (res[key] === undefined) res[key] = value;
    else if (key === 'performance')
      res[key] = { ...(value as Record<string, number>), ...(res[key] as Record<string, string>) };
  }
  if (res.storage !== undefined && res.dumpdir !== undefined) {
    warnings.push(`WARN: both 'storage' and 'dumpdir' defined in '${PATHS.vzdumpConf}' - ignoring 'dumpdir'`);
    delete res.dumpdir;
  }
  return { values: res, warnings };
}

export function readVzdumpDefaults(): ParsedVzdumpConf {
  return vzdumpDefaultsFrom(readFileIfExists(hostPath(PATHS.vzdumpConf)));
}

/** print_property_string for a parsed prune-backups hash (sorted keys). */
export function printPropertyString(value: Record<string, string | number>): string {
  return Object.keys(value)
    .sort()
    .map((k) => `${k}=${String(value[k])}`)
    .join(',');
}
