import * as vscode from 'vscode';
import * as z from 'zod';
import type { Logger } from '../../domain/logging/logger';
import { commandText } from '../../domain/proxmox/pvesh';
import { Commands } from '../../ids';
import { registerCommand } from '../../platform/commands';
import type { Dialogs } from '../../platform/confirm';
import type { PveSettings } from '../../platform/settings';
import type { ExplorerData } from '../explorer/explorerData';
import type { HostSessions } from '../hosts/hostSessions';
import { hostFromArgument, pickHost } from '../remoteFiles/registerRemoteFiles';
import { remoteFileUri, type RemoteFileSystem } from '../remoteFiles/remoteFileSystem';
import { VzdumpCodeActions } from './vzdumpCodeActions';
import { VZDUMP_LANGUAGE, VzdumpDiagnostics } from './vzdumpDiagnostics';
import { VzdumpCompletion, VzdumpHover } from './vzdumpEditorHelp';
import { VzdumpSave } from './vzdumpSave';

const createTmpdirArgs = z.object({ host: z.string(), path: z.string().startsWith('/') });

export interface VzdumpConfEditor {
  diagnostics: VzdumpDiagnostics;
  save: VzdumpSave;
  disposables: vscode.Disposable[];
}

/** /etc/vzdump.conf edited on the host: diagnostics, help while typing, quick fixes, safe saves. */
export function registerVzdumpConf(deps: { settings: PveSettings; sessions: HostSessions; files: RemoteFileSystem; data: ExplorerData; dialogs: Dialogs; logger: Logger }): VzdumpConfEditor {
  const { settings, sessions, files, data, dialogs, logger } = deps;
  const diagnostics = new VzdumpDiagnostics(sessions, logger);
  const save = new VzdumpSave(files, sessions, dialogs, logger);
  const selector: vscode.DocumentSelector = { language: VZDUMP_LANGUAGE };
  const disposables = [
    diagnostics,
    files.addParticipant(save),
    vscode.languages.registerCodeActionsProvider(selector, new VzdumpCodeActions(diagnostics), { providedCodeActionKinds: VzdumpCodeActions.kinds }),
    vscode.languages.registerCompletionItemProvider(selector, new VzdumpCompletion(data), ':', ' ', ',', '='),
    vscode.languages.registerHoverProvider(selector, new VzdumpHover()),
    registerCommand(Commands.editVzdumpConf, logger, async (arg) => {
      const hostName = hostFromArgument(arg) ?? (await pickHost(settings));
      if (!hostName) return;
      const document = await vscode.workspace.openTextDocument(remoteFileUri(hostName, '/etc/vzdump.conf'));
      if (document.languageId !== VZDUMP_LANGUAGE) await vscode.languages.setTextDocumentLanguage(document, VZDUMP_LANGUAGE);
      await vscode.window.showTextDocument(document, { preview: false });
    }),
    registerCommand(Commands.createVzdumpTmpdir, logger, async (arg) => {
      const { host, path } = createTmpdirArgs.parse(arg);
      // As the runbook does it: a local directory owned by root, mode 755.
      const connection = await sessions.connection(host);
      await connection.run(commandText(['install', '-d', '-o', 'root', '-g', 'root', '-m', '755', path]));
      logger.info(`created ${path} on ${host} for vzdump's temporary files`);
      vscode.window.setStatusBarMessage(`$(check) Created ${path} on ${host}; save the file to use it`, 5000);
      for (const document of vscode.workspace.textDocuments) if (document.uri.authority === host) void diagnostics.check(document);
    }),
  ];
  return { diagnostics, save, disposables };
}
