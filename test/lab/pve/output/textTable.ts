import { toPerlJson } from './perlJson';
import { renderValue, type Renderer } from './renderers';

/** What the text output needs to know about a returned property. */
export interface FieldInfo {
  type: 'integer' | 'number' | 'string' | 'boolean' | 'object' | 'array';
  optional?: boolean;
  renderer?: Renderer;
  title?: string;
}
export type FieldTable = Record<string, FieldInfo>;

export interface TextOptions {
  humanReadable: boolean;
  noborder: boolean;
  noheader: boolean;
  utf8: boolean;
  columns?: number;
}

/** PVE::CLIFormatter::data_to_text */
export function dataToText(value: unknown, info: FieldInfo | undefined, opts: TextOptions): string {
  if (value === undefined || value === null) return '';
  if (opts.humanReadable && info) {
    if (info.type === 'boolean') return value ? '1' : '0';
    if (info.renderer) return renderValue(value, info.renderer);
  }
  if (typeof value === 'object') return toPerlJson(value);
  return renderValue(value, undefined);
}

/** extract_properties_to_print: required keys sorted, then optional keys sorted. */
export function propertiesToPrint(fields: FieldTable): string[] {
  const keys = Object.keys(fields);
  return [...keys.filter((k) => !fields[k]?.optional).sort(), ...keys.filter((k) => fields[k]?.optional).sort()];
}

/** print_text_table of PVE::CLIFormatter, with its border styles. */
export function printTextTable(
  rows: Array<Record<string, unknown>>,
  fields: FieldTable,
  props: string[],
  opts: TextOptions,
  sortKey?: string | 0,
): string {
  const key = sortKey === undefined ? props[0] : sortKey;
  const data = [...rows];
  if (key !== undefined && key !== 0) {
    const type = fields[key]?.type ?? 'string';
    const numeric = type === 'integer' || type === 'number';
    data.sort((a, b) => {
      const x = a[key];
      const y = b[key];
      if (x === undefined) return y === undefined ? 0 : -1;
      if (y === undefined) return 1;
      const sx = scalarText(x);
      const sy = scalarText(y);
      return numeric ? Number(x) - Number(y) : sx < sy ? -1 : sx > sy ? 1 : 0;
    });
  }
  const table = data.map((entry) => {
    let height = 1;
    const cells: Record<string, string[]> = {};
    for (const prop of props) {
      const lines = dataToText(entry[prop], fields[prop], opts).split('\n');
      if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
      height = Math.max(height, lines.length);
      cells[prop] = lines;
    }
    return { height, cells };
  });

  const border = { t: '', h: '', m: '', b: '' };
  const cols = props.map((prop, i) => {
    const info = fields[prop];
    const right = info?.type === 'integer' || info?.type === 'number';
    const title = info?.title ?? prop;
    let width = title.length;
    for (const row of table) for (const line of row.cells[prop] ?? []) width = Math.max(width, line.length);
    const last = i === props.length - 1;
    const first = i === 0;
    if (!opts.noborder) {
      const bar = (c: string): string => c.repeat(width);
      if (opts.utf8) {
        border.t += `${first ? '┌─' : '┬─'}${bar('─')}${last ? '─┐' : '─'}`;
        border.h += `${first ? '╞═' : '╪═'}${bar('═')}${last ? '═╡' : '═'}`;
        border.m += `${first ? '├─' : '┼─'}${bar('─')}${last ? '─┤' : '─'}`;
        border.b += `${first ? '└─' : '┴─'}${bar('─')}${last ? '─┘' : '─'}`;
      } else {
        border.m += `+-${bar('-')}${last ? '-+' : '-'}`;
        border.h += `+=${bar('=')}${last && !first ? '=+' : '='}`;
      }
    }
    return { prop, right, title, width, first, last };
  });
  if (!border.t) border.t = border.m;
  if (!border.b) border.b = border.m;

  const pad = (s: string, w: number, right: boolean): string => (right ? s.padStart(w) : s.padEnd(w));
  const formatRow = (values: string[]): string =>
    cols
      .map((c, i) => {
        const v = (values[i] ?? '').slice(0, c.width);
        if (opts.noborder) return c.last ? v : `${pad(v, c.width, c.right)} `;
        const bar = opts.utf8 ? '│' : '|';
        return `${bar} ${pad(v, c.width, c.right)} ${c.last ? bar : ''}`;
      })
      .join('');

  const out: string[] = [];
  const write = (text: string): void => {
    out.push(opts.columns ? text.slice(0, opts.columns) : text);
  };
  if (!opts.noborder) write(border.t);
  let sep = border.m;
  if (!opts.noheader) {
    write(formatRow(cols.map((c) => c.title)));
    sep = border.h;
  }
  table.forEach((row, i) => {
    if (!opts.noborder && (i !== 0 || !opts.noheader)) {
      write(sep);
      sep = border.m;
    }
    for (let l = 0; l < row.height; l++) write(formatRow(cols.map((c) => row.cells[c.prop]?.[l] ?? '')));
  });
  if (!opts.noborder) write(border.b);
  return out.map((l) => `${l}\n`).join('');
}

/** print_api_result for text output. */
export function formatApiText(
  data: unknown,
  kind: 'array' | 'object' | 'scalar' | 'null',
  fields: FieldTable,
  opts: TextOptions,
): string {
  if (kind === 'null' || data === null || data === undefined) return '';
  if (kind === 'object' && typeof data === 'object' && !Array.isArray(data)) {
    const obj = data as Record<string, unknown>;
    let props = propertiesToPrint(fields);
    if (props.length === 0) props = Object.keys(obj).sort();
    const kv = props
      .filter((k) => obj[k] !== undefined)
      .map((k) => ({ key: k, value: dataToText(obj[k], fields[k], opts) }));
    return printTextTable(kv, {}, ['key', 'value'], opts);
  }
  if (kind === 'array' && Array.isArray(data)) {
    if (data.length === 0) return '';
    let props = propertiesToPrint(fields);
    if (props.length === 0) props = [...new Set(data.flatMap((r) => Object.keys(r as object)))].sort();
    return printTextTable(data as Array<Record<string, unknown>>, fields, props, opts);
  }
  return `${scalarText(data)}\n`;
}

function scalarText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return toPerlJson(v);
}
