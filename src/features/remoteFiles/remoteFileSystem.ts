import * as path from 'node:path/posix';
import * as vscode from 'vscode';
import type { Logger } from '../../domain/logging/logger';
import type { RemoteFileEditing, SaveOccasion, SaveParticipant } from '../../platform/remoteFileScheme';
import { backupName, backupsToPrune, leftoverTemporaryFiles } from '../../domain/remoteFiles/backups';
import type { HostModel } from '../../pve/hostModel';
import { RemoteFileConflictError, type RemoteFiles } from '../../pve/remoteFiles';

/** How many earlier versions of a file are kept beside it. */
export const BACKUPS_KEPT = 5;

/**
 * Files on a host, over the SSH layer's SFTP: pve-file://<host>/<absolute path>. Saving is
 * atomic (temporary file, fsync, rename, mode and owner kept), keeps the previous version as a
 * timestamped backup beside the file, and refuses to overwrite a file that changed on the host
 * since it was read.
 */
export class RemoteFileSystem implements vscode.FileSystemProvider, RemoteFileEditing {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  private readonly participants: SaveParticipant[] = [];
  /** What each file held when we last read or wrote it: the base a save must still match. */
  private readonly known = new Map<string, Uint8Array>();
  /** Files the user chose to overwrite after a conflict, once. */
  private readonly overwriteOnce = new Set<string>();
  /** Whether the save about to reach writeFile was started by the user (from onWillSaveTextDocument). */
  private readonly saveIsExplicit = new Map<string, boolean>();
  /** Told when a save was refused because the file changed on the host (to offer a diff). */
  onConflict: ((uri: vscode.Uri, current: Uint8Array) => void) | undefined;
  /** Test seam: runs between writing the temporary file and the rename. */
  beforeReplace: ((uri: vscode.Uri) => Promise<void>) | undefined;

  constructor(
    private readonly data: HostModel,
    private readonly logger: Logger,
  ) {}

  addParticipant(participant: SaveParticipant): vscode.Disposable {
    this.participants.push(participant);
    return new vscode.Disposable(() => this.participants.splice(this.participants.indexOf(participant), 1));
  }

  watch(): vscode.Disposable {
    // Remote files are not watched; a change made on the host is caught when saving.
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const files = await this.files(uri);
    const stat = await files.stat(uri.path);
    if (!stat) throw vscode.FileSystemError.FileNotFound(uri);
    const type = stat.isDirectory
      ? vscode.FileType.Directory
      : stat.isFile
        ? vscode.FileType.File
        : vscode.FileType.Unknown;
    const writable = stat.isDirectory || (await files.canWrite(uri.path));
    return {
      type,
      ctime: 0,
      mtime: stat.mtime * 1000,
      size: stat.size,
      permissions: writable ? undefined : vscode.FilePermission.Readonly,
    };
  }

  async readDirectory(uri: vscode.Uri): Promise<[string, vscode.FileType][]> {
    const entries = await (await this.files(uri)).list(uri.path);
    return entries.map(({ name, stat }) => [
      name,
      stat.isDirectory ? vscode.FileType.Directory : stat.isFile ? vscode.FileType.File : vscode.FileType.Unknown,
    ]);
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const content = await (await this.files(uri)).readFile(uri.path).catch((error: unknown) => {
      if (error instanceof Error && /no such file/.test(error.message)) throw vscode.FileSystemError.FileNotFound(uri);
      throw error;
    });
    this.known.set(uri.toString(), content);
    return content;
  }

  /**
   * Editors tell us why they save (onWillSaveTextDocument) just before writeFile runs, which
   * cannot tell by itself. A write without such a note comes from a command: explicit.
   */
  noteSaveReason(uri: vscode.Uri, explicit: boolean): void {
    this.saveIsExplicit.set(uri.toString(), explicit);
  }

  async writeFile(
    uri: vscode.Uri,
    content: Uint8Array,
    options: { create: boolean; overwrite: boolean },
  ): Promise<void> {
    const occasion: SaveOccasion = { explicit: this.saveIsExplicit.get(uri.toString()) ?? true };
    this.saveIsExplicit.delete(uri.toString());
    const files = await this.files(uri);
    const stat = await files.stat(uri.path);
    if (!stat && !options.create) throw vscode.FileSystemError.FileNotFound(uri);
    if (stat && !options.overwrite) throw vscode.FileSystemError.FileExists(uri);
    const previous = stat ? await files.readFile(uri.path) : undefined;
    // Ctrl+S on an unchanged editor still writes; the host keeps no backup of a version it already has.
    if (previous && Buffer.compare(Buffer.from(previous), Buffer.from(content)) === 0) {
      this.known.set(uri.toString(), content);
      this.overwriteOnce.delete(uri.toString());
      this.logger.debug(`${uri.authority}:${uri.path} unchanged on the host; nothing written`);
      return;
    }
    const participants = this.participants.filter((p) => p.matches(uri));
    for (const participant of participants) await participant.beforeWrite?.(uri, content, occasion);

    if (this.changedSinceRead(uri, previous)) {
      this.onConflict?.(uri, previous ?? new Uint8Array());
      throw new RemoteFileConflictError(`${uri.authority}:${uri.path}`);
    }

    const backup = previous ? await this.keepBackup(files, uri.path, previous, stat?.mode) : undefined;
    await files.writeFileAtomic(uri.path, Buffer.from(content), {
      expect: stat ? { size: stat.size, mtime: stat.mtime } : undefined,
      beforeReplace: this.beforeReplace && (() => (this.beforeReplace as (uri: vscode.Uri) => Promise<void>)(uri)),
    });
    this.known.set(uri.toString(), content);
    this.overwriteOnce.delete(uri.toString());
    this.logger.info(`saved ${uri.authority}:${uri.path}${backup ? ` (previous version kept as ${backup})` : ''}`);
    this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]);
    for (const participant of participants) await participant.afterWrite?.(uri, { previous, backup, ...occasion });
  }

  /** After a conflict the user may still choose to overwrite: the next save of this file goes through. */
  allowOverwrite(uri: vscode.Uri): void {
    this.overwriteOnce.add(uri.toString());
  }

  createDirectory(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(`${uri.path}: creating folders on the host is not supported here`);
  }

  delete(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(`${uri.path}: deleting files on the host is not supported here`);
  }

  rename(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(`${uri.path}: renaming files on the host is not supported here`);
  }

  dispose(): void {
    this.changed.dispose();
  }

  private changedSinceRead(uri: vscode.Uri, current: Uint8Array | undefined): boolean {
    const base = this.known.get(uri.toString());
    if (!base || this.overwriteOnce.has(uri.toString())) return false;
    return !current || Buffer.compare(Buffer.from(base), Buffer.from(current)) !== 0;
  }

  /** Keeps the version being replaced as <name>.pve-ops-<time>.bak, and only the newest few. */
  private async keepBackup(
    files: RemoteFiles,
    file: string,
    previous: Uint8Array,
    mode: number | undefined,
  ): Promise<string> {
    const dir = path.dirname(file);
    const name = backupName(path.basename(file), new Date());
    await files.writeFileAtomic(path.join(dir, name), Buffer.from(previous), {
      newFileMode: mode === undefined ? 0o600 : mode & 0o777,
    });
    const existing = (await files.list(dir)).map((entry) => entry.name);
    // Old backups beyond the newest few, and temporary files a cut connection left behind.
    for (const old of [
      ...backupsToPrune(path.basename(file), existing, BACKUPS_KEPT),
      ...leftoverTemporaryFiles(path.basename(file), existing),
    ]) {
      await files
        .remove(path.join(dir, old))
        .catch((error: unknown) => this.logger.warn(`could not remove ${old}: ${String(error)}`));
    }
    return path.join(dir, name);
  }

  private async files(uri: vscode.Uri): Promise<RemoteFiles> {
    if (!uri.path.startsWith('/')) throw vscode.FileSystemError.FileNotFound(uri);
    return this.data.files(decodeURIComponent(uri.authority));
  }
}
