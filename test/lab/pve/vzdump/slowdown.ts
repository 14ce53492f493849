import { Transform, type TransformCallback } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';

/** Pause between backup phases under `pve-lab slow <factor>` (none at factor 1). */
export async function phasePause(factor: number, signal: AbortSignal): Promise<void> {
  if (factor <= 1) return;
  await delay(Math.min(30_000, (factor - 1) * 100), undefined, { signal }).catch(() => undefined);
}

/** Delays every 64 KiB of the archive stream by (factor - 1) * 3 ms. */
export function throttle(factor: number): Transform {
  const perChunk = (factor - 1) * 3;
  return new Transform({
    highWaterMark: 64 * 1024,
    transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
      setTimeout(() => done(null, chunk), perChunk);
    },
  });
}

/** rsync bandwidth (KiB/s) that makes a few-MB copy take visibly long; undefined at full speed. */
export function rsyncBwlimit(factor: number): number | undefined {
  return factor <= 1 ? undefined : Math.max(16, Math.floor(40_000 / factor));
}
