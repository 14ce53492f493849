import * as vscode from 'vscode';
import type { Logger } from '../../domain/logging/logger';
import { parseStorageCfg } from '../../domain/proxmox/storageConfig';
import { checkAgainstHost, pathFactsOperation, pathsToCheck, storagesFromConfig, type HostFacts } from '../../domain/vzdumpConf/hostChecks';
import { scanVzdumpConf, validateVzdumpConf, type ConfDiagnostic } from '../../domain/vzdumpConf/index';
import { commandText } from '../../domain/proxmox/pvesh';
import type { HostSessions } from '../hosts/hostSessions';
import { REMOTE_FILE_SCHEME } from '../remoteFiles/remoteFileSystem';

export const VZDUMP_LANGUAGE = 'pve-vzdump-conf';
export const DIAGNOSTIC_SOURCE = 'vzdump.conf';
const SEVERITY = { error: vscode.DiagnosticSeverity.Error, warning: vscode.DiagnosticSeverity.Warning, information: vscode.DiagnosticSeverity.Information } as const;

/**
 * Problems in vzdump.conf as the user types: the rules Proxmox reads the file by, and when the
 * file lives on a connected host, what that host has (storages, directories, network shares).
 */
export class VzdumpDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  /** The domain diagnostic behind each editor diagnostic, for the quick fixes. */
  private readonly origins = new WeakMap<vscode.Diagnostic, ConfDiagnostic>();
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly subscriptions: vscode.Disposable[];
  /** Bumped on every check, so a slow host answer never overwrites a newer result. */
  private generation = 0;

  constructor(
    private readonly sessions: HostSessions,
    private readonly logger: Logger,
  ) {
    this.subscriptions = [
      vscode.workspace.onDidOpenTextDocument((document) => void this.check(document)),
      vscode.workspace.onDidChangeTextDocument((event) => this.schedule(event.document)),
      vscode.workspace.onDidSaveTextDocument((document) => void this.check(document)),
      vscode.workspace.onDidCloseTextDocument((document) => this.collection.delete(document.uri)),
      sessions.onDidChangeState(({ host, state }) => {
        if (state.status !== 'connected') return;
        for (const document of vscode.workspace.textDocuments) if (document.uri.scheme === REMOTE_FILE_SCHEME && document.uri.authority === host) void this.check(document);
      }),
    ];
    for (const document of vscode.workspace.textDocuments) void this.check(document);
  }

  origin(diagnostic: vscode.Diagnostic): ConfDiagnostic | undefined {
    return this.origins.get(diagnostic);
  }

  /** Checks a document now: the file's own rules at once, the host's facts when they arrive. */
  check(document: vscode.TextDocument): Promise<void> {
    if (document.languageId !== VZDUMP_LANGUAGE) return Promise.resolve();
    const generation = ++this.generation;
    const text = document.getText();
    const { values, diagnostics } = validateVzdumpConf(text);
    this.publish(document, diagnostics);
    if (document.uri.scheme !== REMOTE_FILE_SCHEME) return Promise.resolve();
    return this.hostFacts(document.uri.authority, values)
      .then((facts) => {
        if (generation !== this.generation || document.isClosed) return;
        this.publish(document, [...diagnostics, ...checkAgainstHost(scanVzdumpConf(text), values, facts)]);
      })
      .catch((error: unknown) => this.logger.warn(`vzdump.conf host checks on ${document.uri.authority}: ${String(error)}`));
  }

  dispose(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    for (const subscription of this.subscriptions) subscription.dispose();
    this.collection.dispose();
  }

  private schedule(document: vscode.TextDocument): void {
    if (document.languageId !== VZDUMP_LANGUAGE) return;
    const key = document.uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        void this.check(document);
      }, 150),
    );
  }

  private publish(document: vscode.TextDocument, diagnostics: ConfDiagnostic[]): void {
    this.collection.set(
      document.uri,
      diagnostics.map((d) => {
        const diagnostic = new vscode.Diagnostic(new vscode.Range(d.line, d.startColumn, d.line, d.endColumn), d.message, SEVERITY[d.severity]);
        diagnostic.source = DIAGNOSTIC_SOURCE;
        diagnostic.code = d.code;
        this.origins.set(diagnostic, d);
        return diagnostic;
      }),
    );
  }

  private async hostFacts(hostName: string, values: Record<string, string | string[]>): Promise<HostFacts> {
    if (this.sessions.state(hostName).status !== 'connected') throw new Error('not connected; host checks wait for a connection');
    const connection = await this.sessions.connection(hostName);
    const paths = pathsToCheck(values);
    const [storageCfg, pathFacts] = await Promise.all([connection.run(commandText(['cat', '/etc/pve/storage.cfg'])), paths.length ? connection.run(pathFactsOperation(paths)) : []]);
    return { storages: storagesFromConfig(parseStorageCfg(storageCfg)), paths: pathFacts };
  }
}
