import { randomBytes } from 'node:crypto';
import * as path from 'node:path/posix';
import type { SFTPWrapper, Stats } from 'ssh2';
import { ExpectedError } from '../domain/errors';
import type { SshConnection } from './sshConnection';

export interface RemoteStat {
  size: number;
  mode: number;
  uid: number;
  gid: number;
  /** seconds since the epoch, as SFTP reports it */
  mtime: number;
  isFile: boolean;
  isDirectory: boolean;
}

export class RemoteFileConflictError extends ExpectedError {
  constructor(file: string) {
    super(
      `${file} was changed on the host after it was opened; nothing was written. Reopen it to see the other change.`,
    );
  }
}

export interface WriteOptions {
  /** Refuse to replace the file when it no longer has this size and mtime (someone else saved it). */
  expect?: { size: number; mtime: number };
  /** Mode for a new file; an existing file keeps its own mode and owner. */
  newFileMode?: number;
  /** Called once the new content is safely in the temporary file, just before the rename. */
  beforeReplace?: () => Promise<void>;
}

/** File access over the connection's SFTP session. */
/** What file access needs of a connection: SFTP, and word when the connection ends. */
export type FileConnection = Pick<SshConnection, 'sftp' | 'closed' | 'onClose'>;

export class RemoteFiles {
  constructor(private readonly connection: FileConnection) {}

  async stat(file: string): Promise<RemoteStat | undefined> {
    const sftp = await this.connection.sftp();
    return this.whileOpen('read the attributes of', file, (resolve, reject) =>
      sftp.stat(file, (error, stats) => {
        if (!error) resolve(toRemoteStat(stats));
        else if (isNoSuchFile(error)) resolve(undefined);
        else reject(describe(error, 'read the attributes of', file));
      }),
    );
  }

  async readFile(file: string): Promise<Buffer> {
    const sftp = await this.connection.sftp();
    return this.whileOpen<Buffer>('read', file, (resolve, reject) =>
      sftp.readFile(file, (error, data) => (error ? reject(describe(error, 'read', file)) : resolve(data))),
    );
  }

  /** Whether this login may write the file (SFTP runs as the login user, without sudo). */
  async canWrite(file: string): Promise<boolean> {
    const sftp = await this.connection.sftp();
    return new Promise((resolve) =>
      sftp.open(file, 'r+', (error, handle) => {
        if (error) return resolve(false);
        sftp.close(handle, () => resolve(true));
      }),
    );
  }

  /** Names in a directory (without . and ..), with their attributes. */
  async list(dir: string): Promise<{ name: string; stat: RemoteStat }[]> {
    const sftp = await this.connection.sftp();
    return this.whileOpen('list', dir, (resolve, reject) =>
      sftp.readdir(dir, (error, entries) =>
        error
          ? reject(describe(error, 'list', dir))
          : resolve(entries.map((entry) => ({ name: entry.filename, stat: toRemoteStat(entry.attrs) }))),
      ),
    );
  }

  async remove(file: string): Promise<void> {
    const sftp = await this.connection.sftp();
    await this.whileOpen<void>('remove', file, (resolve, reject) =>
      sftp.unlink(file, (error) => (error ? reject(describe(error, 'remove', file)) : resolve())),
    );
  }

  /**
   * Replaces a file so that readers see either the old or the new content, never a mix:
   * write a temporary file in the same directory, give it the old mode and owner, fsync it,
   * then rename it over the original. If anything fails (including a dropped connection),
   * the original is untouched and the temporary file is removed when possible.
   */
  async writeFileAtomic(file: string, data: Buffer, options: WriteOptions = {}): Promise<void> {
    const sftp = await this.connection.sftp();
    const original = await this.stat(file);
    if (
      options.expect &&
      (!original || original.size !== options.expect.size || original.mtime !== options.expect.mtime)
    ) {
      throw new RemoteFileConflictError(file);
    }
    const temporary = path.join(
      path.dirname(file),
      `.${path.basename(file)}.pve-ops-${randomBytes(4).toString('hex')}.tmp`,
    );
    const call = <T>(what: string, run: (done: (error: Error | undefined | null, value?: T) => void) => void) =>
      this.whileOpen<T>(what, file, (resolve, reject) =>
        run((error, value) => (error ? reject(describe(error, what, file)) : resolve(value as T))),
      );
    let handle: Buffer | undefined;
    try {
      handle = await call<Buffer>('create a temporary file next to', (done) =>
        sftp.open(temporary, 'wx', { mode: 0o600 }, done),
      );
      await this.whileOpen<void>(
        'write',
        file,
        (resolve, reject) => void writeAll(sftp, handle as Buffer, data, file).then(resolve, reject),
      );
      const mode = original ? original.mode & 0o7777 : (options.newFileMode ?? 0o644);
      await call('set the mode of', (done) => sftp.fchmod(handle as Buffer, mode, done));
      if (original)
        await call('keep the owner of', (done) => sftp.fchown(handle as Buffer, original.uid, original.gid, done));
      await call('flush', (done) => sftp.ext_openssh_fsync(handle as Buffer, (error) => done(error)));
      await call('close', (done) => sftp.close(handle as Buffer, done));
      handle = undefined;
      if (options.expect) {
        const now = await this.stat(file);
        if (!now || now.size !== options.expect.size || now.mtime !== options.expect.mtime)
          throw new RemoteFileConflictError(file);
      }
      await options.beforeReplace?.();
      await call('replace', (done) => sftp.ext_openssh_rename(temporary, file, done));
    } catch (error) {
      if (!this.connection.closed) await removeQuietly(sftp, temporary, handle);
      throw error;
    }
  }

  /**
   * An SFTP request whose answer never comes when the connection dies under it (ssh2 does not
   * fail pending requests then): it fails as soon as the connection closes.
   */
  private whileOpen<T>(
    what: string,
    file: string,
    run: (resolve: (value: T) => void, reject: (error: Error) => void) => void,
  ): Promise<T> {
    const connection = this.connection;
    return new Promise<T>((resolve, reject) => {
      if (connection.closed)
        return reject(new Error(`Could not ${what} ${file}: the connection to the host is closed`));
      const stopWatching = connection.onClose((reason) =>
        reject(new Error(`Could not ${what} ${file}: the connection to the host closed (${reason})`)),
      );
      run(
        (value) => {
          stopWatching();
          resolve(value);
        },
        (error) => {
          stopWatching();
          reject(error);
        },
      );
    });
  }
}

/** Best-effort cleanup after a failed write; a dead session never answers, so it is bounded. */
async function removeQuietly(sftp: SFTPWrapper, file: string, handle: Buffer | undefined): Promise<void> {
  const attempt = new Promise<void>((resolve) => {
    if (handle) sftp.close(handle, () => undefined);
    sftp.unlink(file, () => resolve());
  });
  await Promise.race([attempt, new Promise<void>((resolve) => setTimeout(resolve, 5000).unref())]);
}

async function writeAll(sftp: SFTPWrapper, handle: Buffer, data: Buffer, file: string): Promise<void> {
  const chunk = 32 * 1024;
  for (let offset = 0; offset < data.length; offset += chunk) {
    const length = Math.min(chunk, data.length - offset);
    await new Promise<void>((resolve, reject) =>
      sftp.write(handle, data, offset, length, offset, (error) =>
        error ? reject(describe(error, 'write', file)) : resolve(),
      ),
    );
  }
}

function toRemoteStat(stats: Stats): RemoteStat {
  return {
    size: stats.size,
    mode: stats.mode,
    uid: stats.uid,
    gid: stats.gid,
    mtime: stats.mtime,
    isFile: stats.isFile(),
    isDirectory: stats.isDirectory(),
  };
}

function isNoSuchFile(error: Error & { code?: unknown }): boolean {
  return error.code === 2; // SSH_FX_NO_SUCH_FILE
}

function describe(error: Error & { code?: unknown }, what: string, file: string): Error {
  const reason =
    error.code === 3 ? 'permission denied' : error.code === 2 ? 'no such file or directory' : error.message;
  return new Error(`Could not ${what} ${file}: ${reason}`);
}
