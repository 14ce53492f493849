import * as fs from 'node:fs';
import * as path from 'node:path';

/** Writes a file through a temporary name and rename, so readers never see half a file. */
export function writeFileAtomic(file: string, content: string | Buffer, mode = 0o644): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp.${process.pid}`;
  fs.writeFileSync(tmp, content, { mode });
  fs.renameSync(tmp, file);
}

export function readFileIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return undefined;
    throw err;
  }
}

export function isErrno(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as NodeJS.ErrnoException).code === code;
}

/** Blocks the (short-lived) tool process; used only for tiny lock retries. */
export function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Runs fn while holding an exclusive lock file (O_EXCL), like Proxmox's lock_file around
 * the task 'active' list. Stale locks older than staleMs are broken.
 */
export function withLockFile<T>(lockFile: string, fn: () => T, timeoutMs = 10_000, staleMs = 30_000): T {
  fs.mkdirSync(path.dirname(lockFile), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const fd = fs.openSync(lockFile, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      break;
    } catch (err) {
      if (!isErrno(err, 'EEXIST')) throw err;
      try {
        const age = Date.now() - fs.statSync(lockFile).mtimeMs;
        if (age > staleMs) fs.rmSync(lockFile, { force: true });
      } catch {
        // lock vanished between open and stat: retry
      }
      if (Date.now() > deadline) throw new Error(`can't lock file '${lockFile}' - got timeout`);
      sleepSync(5);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lockFile, { force: true });
  }
}

/** Sum of the apparent sizes of all regular files below dir (small guest trees only). */
export function directorySize(dir: string): number {
  let total = 0;
  const walk = (d: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        try {
          total += fs.statSync(p).size;
        } catch {
          // vanished meanwhile (the lab's live writer)
        }
      }
    }
  };
  walk(dir);
  return total;
}

/** Total/used/available bytes of the file system holding dir, like df. */
export function fileSystemUsage(dir: string): { total: number; used: number; avail: number } {
  const s = fs.statfsSync(dir);
  const total = s.blocks * s.bsize;
  const free = s.bfree * s.bsize;
  const avail = s.bavail * s.bsize;
  return { total, used: total - free, avail };
}
