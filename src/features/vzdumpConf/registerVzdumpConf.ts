import * as vscode from 'vscode';
import * as z from 'zod';
import type { Logger } from '../../domain/logging/logger';
import { commandText } from '../../domain/proxmox/pvesh';
import { Commands } from '../../ids';
import { registerCommand } from '../../platform/commands';
import type { Dialogs } from '../../platform/confirm';
import type { PveSettings } from '../../platform/settings';
import type { HostModel } from '../../pve/hostModel';
import type { HostSessions } from '../hosts/hostSessions';
import { hostFromArgument, pickHost } from '../hosts/pickHost';
import { remoteFileUri, type RemoteFileEditing } from '../../platform/remoteFileScheme';
import { VzdumpCodeActions } from './vzdumpCodeActions';
import { VZDUMP_LANGUAGE, VzdumpDiagnostics } from './vzdumpDiagnostics';
import { VzdumpCompletion, VzdumpHover } from './vzdumpEditorHelp';
import { VzdumpSave } from './vzdumpSave';
import { HeldBackSaveStatus } from './heldBackStatus';

const createTmpdirArgs = z.object({ host: z.string(), path: z.string().startsWith('/') });
const focusSchema = z.object({ focus: z.literal('tmpdir') });

export interface VzdumpConfEditor {
  diagnostics: VzdumpDiagnostics;
  save: VzdumpSave;
  disposables: vscode.Disposable[];
}

/** /etc/vzdump.conf edited on the host: diagnostics, help while typing, quick fixes, safe saves. */
export function registerVzdumpConf(deps: {
  settings: PveSettings;
  sessions: HostSessions;
  files: RemoteFileEditing;
  data: HostModel;
  dialogs: Dialogs;
  logger: Logger;
}): VzdumpConfEditor {
  const { settings, sessions, files, data, dialogs, logger } = deps;
  const diagnostics = new VzdumpDiagnostics(sessions, data, logger);
  const save = new VzdumpSave(files, data, dialogs, logger);
  const selector: vscode.DocumentSelector = { language: VZDUMP_LANGUAGE };
  const disposables = [
    diagnostics,
    new HeldBackSaveStatus(),
    files.addParticipant(save),
    vscode.languages.registerCodeActionsProvider(selector, new VzdumpCodeActions(diagnostics), {
      providedCodeActionKinds: VzdumpCodeActions.kinds,
    }),
    vscode.languages.registerCompletionItemProvider(selector, new VzdumpCompletion(data), ':', ' ', ',', '='),
    vscode.languages.registerHoverProvider(selector, new VzdumpHover()),
    registerCommand(Commands.editVzdumpConf, logger, async (arg) => {
      const hostName = hostFromArgument(arg) ?? (await pickHost(settings));
      if (!hostName) return;
      const uri = remoteFileUri(hostName, '/etc/vzdump.conf');
      // VS Code keeps a closed document around for a while; without changes it is read again, so
      // the editor shows the host's file as it is now, not as it was when it was last closed.
      const stale = vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString() && !d.isDirty);
      let document = await vscode.workspace.openTextDocument(uri);
      if (document.languageId !== VZDUMP_LANGUAGE)
        document = await vscode.languages.setTextDocumentLanguage(document, VZDUMP_LANGUAGE);
      const editor = await vscode.window.showTextDocument(document, { preview: false });
      if (stale) await vscode.commands.executeCommand('workbench.action.files.revert');
      // From the backup monitor: straight to the tmpdir quick fix, once the host check has run.
      if (focusSchema.safeParse(arg).success) await showTmpdirFix(editor, diagnostics);
    }),
    registerCommand(Commands.createVzdumpTmpdir, logger, async (arg) => {
      const { host, path } = createTmpdirArgs.parse(arg);
      // As the runbook does it: a local directory owned by root, mode 755.
      await data.run(host, commandText(['install', '-d', '-o', 'root', '-g', 'root', '-m', '755', path]));
      logger.info(`created ${path} on ${host} for vzdump's temporary files`);
      vscode.window.setStatusBarMessage(`$(check) Created ${path} on ${host}; save the file to use it`, 5000);
      diagnostics.recheckHost(host);
    }),
  ];
  return { diagnostics, save, disposables };
}

/** Puts the cursor on the "No tmpdir is set" problem and opens its quick fixes; says so when there is none. */
async function showTmpdirFix(editor: vscode.TextEditor, diagnostics: VzdumpDiagnostics): Promise<void> {
  const uri = editor.document.uri;
  const find = () =>
    vscode.languages.getDiagnostics(uri).find((d) => diagnostics.origin(d)?.fix?.kind === 'set-tmpdir');
  const found =
    find() ??
    (await new Promise<vscode.Diagnostic | undefined>((resolve) => {
      const timer = setTimeout(() => done(undefined), 15_000);
      const listener = vscode.languages.onDidChangeDiagnostics((event) => {
        if (event.uris.some((u) => u.toString() === uri.toString())) {
          const diagnostic = find();
          if (diagnostic) done(diagnostic);
        }
      });
      function done(value: vscode.Diagnostic | undefined): void {
        clearTimeout(timer);
        listener.dispose();
        resolve(value);
      }
    }));
  if (!found) {
    const tmpdir = /^tmpdir:\s*(\S+)/m.exec(editor.document.getText())?.[1];
    void vscode.window.showInformationMessage(
      tmpdir
        ? `tmpdir is already set to ${tmpdir}. Check that it is a local directory.`
        : 'The host check found no tmpdir problem in this file.',
    );
    return;
  }
  editor.selection = new vscode.Selection(found.range.start, found.range.start);
  editor.revealRange(found.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  await vscode.commands.executeCommand('editor.action.quickFix');
}
