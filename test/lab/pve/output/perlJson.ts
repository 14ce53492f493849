/**
 * JSON as pvesh prints it (Perl's JSON with canonical => 1): keys sorted, numbers formatted like
 * Perl stringifies them (%.15g), optional pretty layout of JSON::XS (3 spaces, " : ").
 */
export function perlNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  const s = n.toPrecision(15);
  if (s.includes('e')) {
    const [mant, exp] = s.split('e') as [string, string];
    const m = mant.includes('.') ? mant.replace(/0+$/, '').replace(/\.$/, '') : mant;
    const e = Number(exp);
    return `${m}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

export function toPerlJson(value: unknown, pretty = false): string {
  const out = encode(value, pretty, 0);
  return pretty ? `${out}\n` : out;
}

// the same few keys repeat in every element of a long list
const quotedKeys = new Map<string, string>();
function quotedKey(k: string): string {
  let q = quotedKeys.get(k);
  if (q === undefined) {
    q = JSON.stringify(k);
    quotedKeys.set(k, q);
  }
  return q;
}

function encode(value: unknown, pretty: boolean, depth: number): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return Number.isFinite(value) ? perlNumber(value) : 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return JSON.stringify(value);
  const indent = pretty ? '   '.repeat(depth + 1) : '';
  const closeIndent = pretty ? '   '.repeat(depth) : '';
  const nl = pretty ? '\n' : '';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((v) => `${indent}${encode(v, pretty, depth + 1)}`);
    return `[${nl}${items.join(`,${nl}`)}${nl}${closeIndent}]`;
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  if (keys.length === 0) return '{}';
  const sep = pretty ? ' : ' : ':';
  const items = keys.map((k) => `${indent}${quotedKey(k)}${sep}${encode(obj[k], pretty, depth + 1)}`);
  return `{${nl}${items.join(`,${nl}`)}${nl}${closeIndent}}`;
}
