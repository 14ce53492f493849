import * as fs from 'node:fs';
import { MARKER_BYTES, MARKER_PREFIX } from './damageMarker';

export interface MarkerHit {
  file: string;
  offset: number;
}

/** Every damage marker in a vdev file (reads it in chunks; the pool must be exported). */
export function findMarkers(vdevFile: string): MarkerHit[] {
  const prefix = Buffer.from(MARKER_PREFIX);
  const fd = fs.openSync(vdevFile, 'r');
  const step = 8 * 1024 * 1024;
  // chunks overlap by one marker, so a marker across a chunk border is still read whole
  const chunk = Buffer.alloc(step + MARKER_BYTES);
  const hits: MarkerHit[] = [];
  try {
    for (let pos = 0; ; pos += step) {
      const n = fs.readSync(fd, chunk, 0, chunk.length, pos);
      if (n <= 0) break;
      const view = chunk.subarray(0, n);
      // only markers starting in this chunk's own step; the next chunk reports the others
      for (let i = view.indexOf(prefix); i >= 0 && i < step && i + MARKER_BYTES <= n; i = view.indexOf(prefix, i + 1)) {
        const text = view.subarray(i, i + MARKER_BYTES).toString('latin1');
        const file = text.slice(prefix.length, text.indexOf('\n'));
        hits.push({ file, offset: pos + i });
      }
      if (n < chunk.length) break;
    }
  } finally {
    fs.closeSync(fd);
  }
  return hits;
}

/**
 * Overwrites the marker at each hit in every vdev file (a mirror keeps a block at the same offset
 * on each side), so no copy of that block matches its checksum any more.
 */
export function corruptHits(vdevFiles: readonly string[], hits: readonly MarkerHit[]): void {
  const garbage = Buffer.alloc(MARKER_BYTES, 0xa5);
  for (const vdev of vdevFiles) {
    const fd = fs.openSync(vdev, 'r+');
    try {
      for (const hit of hits) {
        const here = Buffer.alloc(MARKER_BYTES);
        fs.readSync(fd, here, 0, MARKER_BYTES, hit.offset);
        if (!here.toString('latin1').startsWith(`${MARKER_PREFIX}${hit.file}\n`)) {
          throw new Error(
            `lab: the block of ${hit.file} is not at offset ${hit.offset} of ${vdev}; cannot corrupt both mirror sides`,
          );
        }
        fs.writeSync(fd, garbage, 0, MARKER_BYTES, hit.offset);
      }
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }
}
