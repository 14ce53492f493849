// Numbers as zpool prints them. zfs_nicenum()/zfs_nicebytes() scale by 1024 and print at most three
// significant digits ("2.04K", "13.4M", "1.18G", "0B"); the decimal separator follows LC_NUMERIC, so a
// comma appears on some hosts ("1,73T"). With `-p` the values are plain integers.

const SUFFIXES = 'KMGTPE';
const NICE_NUMBER = /^(\d+(?:[.,]\d+)?)([KMGTPE]?)B?$/;

/** True for a token zpool could have printed in the READ/WRITE/CKSUM columns. */
export function isNiceNumber(token: string): boolean {
  return NICE_NUMBER.test(token);
}

/**
 * Reads "2.04K" as 2089 (2.04 * 1024, rounded: the printed value is itself rounded, so the
 * exact count is unknowable). Returns undefined for anything that is not such a number.
 */
export function parseNiceNumber(token: string): number | undefined {
  const match = NICE_NUMBER.exec(token.trim());
  if (!match) return undefined;
  const value = Number((match[1] ?? '').replace(',', '.'));
  const power = match[2] ? SUFFIXES.indexOf(match[2]) + 1 : 0;
  return Math.round(value * 1024 ** power);
}

/** A counter from `zpool status -j`: a number with --json-int, else a string like the text columns. */
export function readJsonNumber(value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return value;
  return parseNiceNumber(value);
}

/** True for a JSON number field that is present and not zero (zpool's flags and counters). */
export function isNonZero(value: string | number | undefined): boolean {
  return (readJsonNumber(value) ?? 0) !== 0;
}

/** Bytes the way zfs_nicebytes() prints them, for texts built from JSON integers ("0B", "960K", "1.18G"). */
export function formatNiceBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes}B`;
  let index = 0;
  let scaled = bytes;
  while (scaled >= 1024 && index < SUFFIXES.length) {
    scaled /= 1024;
    index++;
  }
  const unit = SUFFIXES[index - 1] ?? 'E';
  if (Number.isInteger(scaled)) return `${scaled}${unit}`;
  // zfs_nicenum_format tries 2, 1, then 0 decimals until the text fits in 5 characters.
  for (const digits of [2, 1]) {
    const text = `${scaled.toFixed(digits)}${unit}`;
    if (text.length <= 5) return text;
  }
  return `${scaled.toFixed(0)}${unit}`;
}
