import { checkRange, checkStorageId, isInteger, parseBoolean } from './formats';
import type { SubKey, VzdumpOption } from './options';

// parse_property_string as Proxmox runs it on prune-backups, performance and fleecing, followed
// by the format's own rule (validate_prune_backups, verify_backup_fleecing). Proxmox stops at the
// first problem and drops the whole option; we go on, so every wrong part is marked at once.

export interface PropertyProblem {
  message: string;
  /** columns within the value, end exclusive */
  start: number;
  end: number;
}

const ONLY_BLANKS = /^[ \t\n\r\f\v]*$/;

interface Part {
  key: string;
  value: string;
  keyStart: number;
  valueStart: number;
}

/**
 * Parts are split on ',', a part of blanks only is skipped, `key=value` is split at the first
 * '=', and nothing is trimmed (`keep-last =3` has the key "keep-last "). A part without '=' sets
 * the default key, if the format has one (fleecing's enabled), taken as written: a bare `yes`
 * is not turned into 1 the way `enabled=yes` is.
 */
export function checkPropertyString(option: VzdumpOption, value: string): PropertyProblem[] {
  const subKeys = option.subKeys ?? [];
  const names = subKeys.map((sub) => sub.name).join(', ');
  const defaultKey = subKeys.find((sub) => sub.defaultKey)?.name;
  const problems: PropertyProblem[] = [];
  const parts = new Map<string, Part>();
  let defaultKeyUsed = false;
  let offset = 0;
  for (const text of value.split(',')) {
    const start = offset;
    offset += text.length + 1;
    if (ONLY_BLANKS.test(text)) continue;
    const whole = { start, end: start + text.length };
    const pair = /^([^=]+)=(.+)$/.exec(text);
    if (pair) {
      const key = pair[1] ?? '';
      const keySpan = { start, end: start + key.length };
      if (parts.has(key)) {
        problems.push({ ...keySpan, message: `${key} is given twice in ${option.name}` });
        continue;
      }
      const sub = subKeys.find((s) => s.name === key);
      if (!sub) {
        problems.push({ ...keySpan, message: unknownSubKey(option, key, names) });
        continue;
      }
      const raw = pair[2] ?? '';
      parts.set(key, {
        key,
        value: sub.type === 'boolean' ? (parseBoolean(raw) ?? raw) : raw,
        keyStart: start,
        valueStart: start + key.length + 1,
      });
    } else if (!text.includes('=')) {
      if (!defaultKey) {
        problems.push({
          ...whole,
          message: `"${text}" has no key: ${option.name} is written as key=value parts (${names})`,
        });
        continue;
      }
      // Only one bare part is taken, and only while the default key is unset or false.
      const earlier = parts.get(defaultKey);
      if (defaultKeyUsed || (earlier && earlier.value !== '0' && earlier.value !== '')) {
        problems.push({ ...whole, message: `"${text}" sets ${defaultKey} a second time` });
        defaultKeyUsed = true;
        continue;
      }
      defaultKeyUsed = true;
      parts.set(defaultKey, { key: defaultKey, value: text, keyStart: start, valueStart: start });
    } else {
      problems.push({ ...whole, message: `"${text}" is not key=value: both the key and the value must be there` });
    }
  }

  for (const part of parts.values()) {
    const sub = subKeys.find((s) => s.name === part.key);
    const message = sub && checkSubValue(sub, part.value);
    if (message)
      problems.push({
        start: part.valueStart,
        end: Math.max(part.valueStart + part.value.length, part.valueStart + 1),
        message: `${option.name} ${part.key}: ${message}`,
      });
  }
  if (problems.length === 0) problems.push(...formatRule(option, parts));
  return problems.sort((a, b) => a.start - b.start);
}

function unknownSubKey(option: VzdumpOption, key: string, names: string): string {
  const trimmed = key.replace(/^[ \t]+|[ \t]+$/g, '');
  if (trimmed !== key && option.subKeys?.some((sub) => sub.name === trimmed))
    return `"${key}" is not a key of ${option.name}: Proxmox does not trim blanks around sub-keys, so remove them`;
  return `"${key}" is not a key of ${option.name}; it takes ${names}`;
}

function checkSubValue(sub: SubKey, value: string): string | undefined {
  if (sub.type === 'boolean')
    return value === '1' || value === '0'
      ? undefined
      : `"${value}" is not a boolean (1 or 0; yes/no, on/off and true/false work after ${sub.name}=)`;
  if (sub.type === 'integer') {
    if (!isInteger(value)) return `"${value}" is not a whole number`;
    return checkRange(value, sub.minimum, sub.maximum)?.message;
  }
  return sub.format === 'pve-storage-id' ? checkStorageId(value) : undefined;
}

/** The checks a format makes on the parsed set, placed on the sub-key that breaks them. */
function formatRule(option: VzdumpOption, parts: Map<string, Part>): PropertyProblem[] {
  const on = (part: Part) => ({ start: part.keyStart, end: part.valueStart + part.value.length });
  if (option.format === 'prune-backups') {
    const keepAll = parts.get('keep-all');
    const others = [...parts.values()].filter((part) => part.key !== 'keep-all' && Number(part.value) > 0);
    if (keepAll?.value === '1' && others.length > 0) {
      return [
        {
          ...on(keepAll),
          message: `keep-all=1 cannot be combined with ${others.map((part) => `${part.key}=${part.value}`).join(', ')}`,
        },
      ];
    }
  }
  if (option.format === 'backup-fleecing') {
    const enabled = parts.get('enabled');
    if (enabled?.value === '1' && !parts.has('storage'))
      return [{ ...on(enabled), message: 'fleecing is enabled but has no storage: add storage=<storage id>' }];
  }
  return [];
}
