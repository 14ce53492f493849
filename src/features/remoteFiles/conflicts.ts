import * as vscode from 'vscode';
import type { RemoteFileSystem } from './remoteFileSystem';

const SNAPSHOT_SCHEME = 'pve-file-on-host';

/**
 * When a save is refused because someone changed the file on the host, the user sees both
 * versions side by side and decides: keep editing, or overwrite the host's version.
 */
export function registerConflictResolution(files: RemoteFileSystem): vscode.Disposable {
  const snapshots = new Map<string, string>();
  const provider = vscode.workspace.registerTextDocumentContentProvider(SNAPSHOT_SCHEME, {
    provideTextDocumentContent: (uri) => snapshots.get(uri.toString()) ?? '',
  });
  files.onConflict = (uri, current) => {
    const snapshot = uri.with({ scheme: SNAPSHOT_SCHEME, query: String(Date.now()) });
    snapshots.set(snapshot.toString(), Buffer.from(current).toString('utf8'));
    const where = `${uri.path} on ${uri.authority}`;
    void vscode.window
      .showWarningMessage(
        `Not saved: ${where} was changed on the host after you opened it.`,
        { detail: 'Compare the two versions, then overwrite or merge by hand.' },
        'Compare',
        'Overwrite',
      )
      .then(async (choice) => {
        if (choice === 'Compare')
          await vscode.commands.executeCommand('vscode.diff', snapshot, uri, `${where}: on the host ↔ yours`);
        if (choice === 'Overwrite') {
          files.allowOverwrite(uri);
          await vscode.workspace.save(uri);
        }
      });
  };
  return new vscode.Disposable(() => {
    provider.dispose();
    files.onConflict = undefined;
  });
}
