import type { VzdumpOption } from './options';

// Single-value checks as Proxmox makes them when it reads the file: parse_boolean, check_type,
// and the named formats of PVE::JSONSchema. Each check returns what is wrong, in our words,
// with the columns (within the value) it is about, or nothing when Proxmox accepts the value.

export type ValueProblemCode = 'type' | 'enum' | 'minimum' | 'maximum' | 'max-length' | 'format';

export interface ValueProblem {
  code: ValueProblemCode;
  message: string;
  /** columns within the value, end exclusive */
  start: number;
  end: number;
}

const TRUE = /^(1|on|yes|true)$/i;
const FALSE = /^(0|off|no|false)$/i;

/** parse_boolean: the spellings Proxmox accepts, normalised to '1'/'0'. */
export function parseBoolean(value: string): '1' | '0' | undefined {
  return TRUE.test(value) ? '1' : FALSE.test(value) ? '0' : undefined;
}

/** check_type('integer'): an optional sign and ASCII digits, nothing else. */
export function isInteger(value: string): boolean {
  return /^[+-]?[0-9]+$/.test(value);
}

/** length() of Perl on the bytes of the file: UTF-8 bytes, not characters. */
export function utf8Length(value: string): number {
  let length = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x80) length += 1;
    else if (code < 0x800) length += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < value.length) {
      length += 4;
      i++;
    } else length += 3;
  }
  return length;
}

/** The items of a "-list" format (split_list): separated by commas, semicolons and blanks; empty items dropped. */
export function splitList(value: string): { item: string; start: number }[] {
  const items: { item: string; start: number }[] = [];
  for (const match of value.matchAll(/[^,; \t\n\r\f\v]+/g)) items.push({ item: match[0], start: match.index });
  return items;
}

/** The number Proxmox compares against minimum and maximum. */
export function checkRange(
  value: string,
  minimum: number | undefined,
  maximum: number | undefined,
): Omit<ValueProblem, 'start' | 'end'> | undefined {
  const number = Number(value);
  if (minimum !== undefined && number < minimum)
    return { code: 'minimum', message: `${value} is below the minimum of ${minimum}` };
  if (maximum !== undefined && number > maximum)
    return { code: 'maximum', message: `${value} is above the maximum of ${maximum}` };
  return undefined;
}

/** pve-storage-id (parse_id): a letter, then letters, digits, '-', '_' or '.', ending in a letter or digit; any case. */
export function checkStorageId(value: string): string | undefined {
  if (/^[a-z][a-z0-9\-_.]*[a-z0-9]$/i.test(value)) return undefined;
  if (value === '') return 'a storage id is required here';
  return (
    `"${value}" is not a storage id: it must start with a letter, end with a letter or digit, and ` +
    `use only letters, digits, '-', '_' and '.' (at least 2 characters)`
  );
}

const EMAIL_USER = String.raw`[A-Za-z0-9_+\-~]+(\.[A-Za-z0-9_+\-~]+)*`;
const EMAIL_OR_USER = new RegExp(String.raw`^${EMAIL_USER}(@[a-zA-Z0-9-]+(\.[a-zA-Z0-9-]+)*)?$`);
const VMID = /^[1-9][0-9]{2,8}$/;
const NODE = /^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$/;
const CONFIG_ID = /^[a-z][a-z0-9_-]+$/i;

type SimpleFormat = Exclude<
  NonNullable<VzdumpOption['format']>,
  'prune-backups' | 'backup-performance' | 'backup-fleecing'
>;

/** A named format that is not a property string; lists report each bad item at its own columns. */
export function checkFormat(format: SimpleFormat, value: string): ValueProblem[] {
  const whole = { start: 0, end: value.length };
  switch (format) {
    case 'pve-storage-id': {
      const message = checkStorageId(value);
      return message ? [{ code: 'format', message, ...whole }] : [];
    }
    case 'pve-vmid-list':
      // An empty list is allowed.
      return splitList(value)
        .filter(({ item }) => !VMID.test(item))
        .map(({ item, start }) => ({
          code: 'format',
          message: `"${item}" is not a guest id (a number from 100 to 999999999, no leading zero)`,
          start,
          end: start + item.length,
        }));
    case 'email-or-username-list':
      return splitList(value)
        .filter(({ item }) => !EMAIL_OR_USER.test(item))
        .map(({ item, start }) => ({
          code: 'format',
          message: `"${item}" is neither a mail address nor a user name`,
          start,
          end: start + item.length,
        }));
    case 'pve-node':
      return NODE.test(value)
        ? []
        : [
            {
              code: 'format',
              message: `"${value}" is not a node name (letters, digits and '-', not at either end)`,
              ...whole,
            },
          ];
    case 'pve-configid':
      return CONFIG_ID.test(value) ? [] : [{ code: 'format', message: `"${value}" is not a valid id`, ...whole }];
  }
}
