import * as fs from 'node:fs';
import * as path from 'node:path';
import { waitUntil } from '../../support/waitUntil';
import type { LabLayout } from './labLayout';
import { isAlive, procRef, ProcRefSchema } from './procfs';

/**
 * Serialises start/stop/reset across processes (a test run and a terminal may both call them).
 * The lock is a directory holding its owner's pid; a lock whose owner is gone is taken over.
 */
export async function withLabLock<T>(layout: LabLayout, fn: () => Promise<T>): Promise<T> {
  fs.mkdirSync(path.dirname(layout.lockDir), { recursive: true });
  const owner = path.join(layout.lockDir, 'owner.json');
  const me = procRef(process.pid);
  await waitUntil(
    `the lab lock ${layout.lockDir}`,
    () => {
      try {
        fs.mkdirSync(layout.lockDir);
        fs.writeFileSync(owner, JSON.stringify(me));
        return true;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      let holder;
      try {
        holder = ProcRefSchema.safeParse(JSON.parse(fs.readFileSync(owner, 'utf8')));
      } catch {
        holder = undefined;
      }
      // a holder that died (or a lock without a readable owner for long) is stale
      if (holder?.success && !isAlive(holder.data)) fs.rmSync(layout.lockDir, { recursive: true, force: true });
      const st = fs.statSync(layout.lockDir, { throwIfNoEntry: false });
      if (holder === undefined && st !== undefined && Date.now() - st.mtimeMs > 5000) {
        fs.rmSync(layout.lockDir, { recursive: true, force: true });
      }
      return undefined;
    },
    { timeoutMs: 180_000, intervalMs: 100 },
  );
  try {
    return await fn();
  } finally {
    fs.rmSync(layout.lockDir, { recursive: true, force: true });
  }
}
