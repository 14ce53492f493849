import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { hostPath, PATHS } from '../labPaths';
import { writeFileAtomic } from '../fsUtil';

/**
 * The global vzdump lock: a real flock(2) on /var/run/vzdump.lock, taken by flock(1) on a file
 * descriptor shared with this process. flock locks belong to the open file description, so the
 * lock stays held after flock(1) exits and is released when this process dies.
 */
export class GlobalLock {
  private fd: number | undefined;

  open(): void {
    this.fd = fs.openSync(hostPath(PATHS.vzdumpLock), 'a');
  }

  /** Non-blocking attempt (LOCK_EX | LOCK_NB). */
  tryLock(): boolean {
    return (
      spawnSync('flock', ['-x', '-n', '3'], { stdio: ['ignore', 'ignore', 'ignore', this.requireFd()] }).status === 0
    );
  }

  /** Blocks up to `seconds`; false on timeout. */
  async lockWithin(seconds: number, signal: AbortSignal): Promise<boolean> {
    const child = spawn('flock', ['-x', '-w', String(seconds), '3'], {
      stdio: ['ignore', 'ignore', 'ignore', this.requireFd()],
    });
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        child.kill('SIGKILL');
        reject(new Error('interrupted by signal'));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      child.on('close', (code) => {
        signal.removeEventListener('abort', onAbort);
        resolve(code === 0);
      });
    });
  }

  /** /var/run/vzdump.pid holds the UPID of the job owning the lock (read by vzdump --stop). */
  writePidFile(upid: string): void {
    writeFileAtomic(hostPath(PATHS.vzdumpPid), upid);
  }

  removePidFile(): void {
    fs.rmSync(hostPath(PATHS.vzdumpPid), { force: true });
  }

  private requireFd(): number {
    if (this.fd === undefined) throw new Error('lock file not open');
    return this.fd;
  }
}
