/** Start of the marker stamped on a damaged image's first block; unique in the pool's vdevs. */
export const MARKER_PREFIX = 'PVE-LAB-DAMAGE ';
export const MARKER_BYTES = 256;

/** The 256-byte marker for file: prefix, path, newline, '#' padding. */
export function damageMarker(file: string): Buffer {
  const text = `${MARKER_PREFIX}${file}\n`;
  if (text.length > MARKER_BYTES) throw new Error(`lab: path too long for a damage marker: ${file}`);
  return Buffer.from(text.padEnd(MARKER_BYTES, '#'));
}
