import * as vscode from 'vscode';
import { ExpectedError } from '../../domain/errors';
import type { Logger } from '../../domain/logging/logger';
import { Commands, ContextKeys } from '../../ids';
import { registerCommand } from '../../platform/commands';
import type { Dialogs } from '../../platform/confirm';
import type { SecretRegistry } from '../../platform/logger';
import type { PveSettings } from '../../platform/settings';
import type { HostModel } from '../../pve/hostModel';
import type { HostSessions } from '../hosts/hostSessions';
import { openSshTerminal } from '../../platform/sshTerminal';
import { PlaceholderValues } from './placeholderValues';
import {
  BlockRefSchema,
  RunbookCodeLensProvider,
  SectionRefSchema,
  type BlockRef,
  type SectionRef,
} from './runbookCodeLensProvider';
import { RunbookDocuments } from './runbookDocuments';
import { RunbookHosts } from './runbookHosts';
import { RunbookPrompts } from './runbookPrompts';
import { RunbookRunner } from './runbookRunner';
import { RunHistory } from './runHistory';
import { RunOutputTerminals } from './runOutput';
import { RunStates } from './runState';

export interface Runbooks {
  runner: RunbookRunner;
  output: RunOutputTerminals;
  prompts: RunbookPrompts;
  documents: RunbookDocuments;
  history: RunHistory;
  disposables: vscode.Disposable[];
}

/** The walkthrough's "Run a runbook block" step is done once a block or section was run. */
function markBlockRun(): void {
  void vscode.commands.executeCommand('setContext', ContextKeys.runbookBlockRun, true);
}

export function registerRunbooks(
  context: vscode.ExtensionContext,
  deps: {
    settings: PveSettings;
    sessions: HostSessions;
    data: HostModel;
    dialogs: Dialogs;
    secrets: SecretRegistry;
    logger: Logger;
  },
): Runbooks {
  const { settings, sessions, data, dialogs, secrets, logger } = deps;
  const documents = new RunbookDocuments(() => settings.runbookRunUntagged());
  const states = new RunStates();
  const output = new RunOutputTerminals();
  const history = new RunHistory(context.workspaceState);
  const hosts = new RunbookHosts(settings, context.workspaceState);
  const prompts = new RunbookPrompts();
  const shells = new Map<string, vscode.Terminal>();
  const shellFor = (host: string) => {
    let terminal = shells.get(host);
    if (!terminal || terminal.exitStatus) {
      terminal = openSshTerminal(`${host} (ssh)`, () => sessions.connection(host));
      shells.set(host, terminal);
    }
    return terminal;
  };
  const runner = new RunbookRunner({
    sessions,
    settings,
    documents,
    hosts,
    states,
    output,
    history,
    values: new PlaceholderValues(prompts, data),
    dialogs,
    secrets,
    logger,
    offerTask: (host, upid) => {
      void vscode.window
        .showInformationMessage(`The block started a backup task on ${host}.`, 'Open Backup Monitor')
        .then((choice) => {
          if (choice) void vscode.commands.executeCommand(Commands.openBackupMonitor, { host, upid });
        });
    },
  });
  const lenses = new RunbookCodeLensProvider(documents, states, (document, attribute) => {
    try {
      return hosts.known(document.uri, attribute, documents.parse(document).frontMatter) ?? 'host…';
    } catch {
      return 'host…';
    }
  });

  const blockRef = (arg: unknown): BlockRef => {
    const parsed = BlockRefSchema.safeParse(arg);
    if (!parsed.success) throw new ExpectedError('Use the lens above a command block in a Markdown runbook.');
    return parsed.data;
  };
  const sectionRef = (arg: unknown): SectionRef => {
    const parsed = SectionRefSchema.safeParse(arg);
    if (!parsed.success) throw new ExpectedError('Use the "Run section" lens above a heading in a Markdown runbook.');
    return parsed.data;
  };

  const disposables: vscode.Disposable[] = [
    states,
    output,
    vscode.languages.registerCodeLensProvider({ language: 'markdown' }, lenses),
    vscode.workspace.onDidCloseTextDocument((document) => documents.forget(document.uri)),
    registerCommand(Commands.runRunbookBlock, logger, (arg) => (markBlockRun(), runner.run(blockRef(arg)))),
    registerCommand(Commands.stopRunbookBlock, logger, (arg) => runner.stop(blockRef(arg))),
    registerCommand(Commands.runRunbookSection, logger, (arg) => (markBlockRun(), runner.runSection(sectionRef(arg)))),
    registerCommand(Commands.runRunbookBlockInTerminal, logger, (arg) => runner.runInTerminal(blockRef(arg), shellFor)),
    registerCommand(Commands.copyRunbookBlock, logger, (arg) => runner.copy(blockRef(arg))),
    registerCommand(Commands.showRunbookOutput, logger, async (arg) => {
      const ref = blockRef(arg);
      const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(ref.uri));
      const block = documents.parse(document).blocks.find((b) => b.id === ref.blockId);
      const host = hosts.known(document.uri, block?.attributes.host, documents.parse(document).frontMatter);
      if (host) output.show(host);
    }),
    registerCommand(Commands.showRunbookHistory, logger, async () => {
      const document = await vscode.workspace.openTextDocument({ content: history.toMarkdown(), language: 'markdown' });
      await vscode.window.showTextDocument(document, { preview: true });
    }),
  ];
  return { runner, output, prompts, documents, history, disposables };
}
