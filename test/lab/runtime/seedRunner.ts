/**
 * Runs INSIDE the lab namespace (started by zfsPool.ts through nsenter): writes the stand-in's
 * seed at '/' and, with --mark, stamps a marker at the start of each damaged image so the runtime
 * can find that block in the vdev files and corrupt it. Prints the damaged paths as JSON.
 */
import * as fs from 'node:fs';
import { SEED_DAMAGED_FILES, writeSeed } from '../pve/seed';
import { damageMarker } from './damageMarker';

writeSeed('/');
if (process.argv.includes('--mark')) {
  for (const file of SEED_DAMAGED_FILES) {
    const fd = fs.openSync(file, 'r+');
    try {
      fs.writeSync(fd, damageMarker(file), 0, undefined, 0);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }
}
process.stdout.write(`${JSON.stringify({ damaged: SEED_DAMAGED_FILES })}\n`);
