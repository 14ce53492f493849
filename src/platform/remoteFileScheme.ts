import * as vscode from 'vscode';

// The editor's files on a host, pve-file://<host>/<absolute path>, as the features that edit
// them see it. The file system itself lives in features/remoteFiles; a feature that validates
// or checks a file on save (vzdump.conf) adds a save participant through this contract.

export const REMOTE_FILE_SCHEME = 'pve-file';
export function remoteFileUri(hostName: string, file: string): vscode.Uri {
  return vscode.Uri.from({ scheme: REMOTE_FILE_SCHEME, authority: hostName, path: file });
}

/**
 * Why a file is being written. `explicit`: the user saved it (Ctrl+S, File > Save) or a command
 * wrote it; false for auto-save, which must never ask anything.
 */
export interface SaveOccasion {
  explicit: boolean;
}

/** A step other features add to saving a file (validation before, checks after). */
export interface SaveParticipant {
  matches(uri: vscode.Uri): boolean;
  /** Throw to cancel the save; the message is what the user sees. */
  beforeWrite?(uri: vscode.Uri, content: Uint8Array, occasion: SaveOccasion): Promise<void>;
  afterWrite?(
    uri: vscode.Uri,
    saved: { previous: Uint8Array | undefined; backup: string | undefined } & SaveOccasion,
  ): Promise<void>;
}

/** What a feature may do with the remote file system: read a file, take part in saving. */
export interface RemoteFileEditing {
  readFile(uri: vscode.Uri): Promise<Uint8Array>;
  addParticipant(participant: SaveParticipant): vscode.Disposable;
}
