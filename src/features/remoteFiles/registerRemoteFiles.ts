import * as vscode from 'vscode';
import type { Logger } from '../../domain/logging/logger';
import { Commands } from '../../ids';
import { registerCommand } from '../../platform/commands';
import type { PveSettings } from '../../platform/settings';
import type { HostModel } from '../../pve/hostModel';
import { hostFromArgument, pickHost } from '../hosts/pickHost';
import { registerConflictResolution } from './conflicts';
import { REMOTE_FILE_SCHEME, remoteFileUri } from '../../platform/remoteFileScheme';
import { RemoteFileSystem } from './remoteFileSystem';

/** Host files in editors: the pve-file:// file system and "Open Remote File…". */
export function registerRemoteFiles(
  settings: PveSettings,
  data: HostModel,
  logger: Logger,
): { files: RemoteFileSystem; disposables: vscode.Disposable[] } {
  const files = new RemoteFileSystem(data, logger.scoped('files'));
  const disposables = [
    files,
    vscode.workspace.registerFileSystemProvider(REMOTE_FILE_SCHEME, files, { isCaseSensitive: true }),
    registerConflictResolution(files),
    vscode.workspace.onWillSaveTextDocument(({ document, reason }) => {
      if (document.uri.scheme === REMOTE_FILE_SCHEME)
        files.noteSaveReason(document.uri, reason === vscode.TextDocumentSaveReason.Manual);
    }),
    registerCommand(Commands.openRemoteFile, logger, async (arg) => {
      const hostName = hostFromArgument(arg) ?? (await pickHost(settings));
      if (!hostName) return;
      const file = await vscode.window.showInputBox({
        title: `Open a file on ${hostName}`,
        prompt: 'An absolute path on the host. Files this login cannot write open read-only.',
        value: '/etc/',
        valueSelection: [5, 5],
        validateInput: (value) => (value.startsWith('/') ? undefined : 'Give an absolute path, starting with /'),
      });
      if (!file) return;
      await vscode.window.showTextDocument(remoteFileUri(hostName, file), { preview: false });
    }),
  ];
  return { files, disposables };
}
