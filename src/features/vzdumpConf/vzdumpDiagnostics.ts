import * as vscode from 'vscode';
import type { Logger } from '../../domain/logging/logger';
import { checkAgainstHost, pathsToCheck, type VzdumpHostFacts } from '../../domain/vzdumpConf/hostChecks';
import { scanVzdumpConf, validateVzdumpConf, type ConfDiagnostic } from '../../domain/vzdumpConf/index';
import type { HostModel } from '../../pve/hostModel';
import type { HostSessions } from '../hosts/hostSessions';
import { REMOTE_FILE_SCHEME } from '../../platform/remoteFileScheme';

export const VZDUMP_LANGUAGE = 'pve-vzdump-conf';
export const DIAGNOSTIC_SOURCE = 'vzdump.conf';
const SEVERITY = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
} as const;

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
  /** Bumped on every check of a document, so a slow host answer never overwrites a newer result. */
  private readonly generations = new Map<string, number>();
  /** The last host-derived problems of each document, kept while the next host check runs. */
  private readonly hostFindings = new Map<string, ConfDiagnostic[]>();

  constructor(
    private readonly sessions: HostSessions,
    /** What each host has (its storages, the facts of each set of paths), cached while the user types. */
    private readonly data: HostModel,
    private readonly logger: Logger,
  ) {
    this.subscriptions = [
      vscode.workspace.onDidOpenTextDocument((document) => void this.check(document)),
      vscode.workspace.onDidChangeTextDocument((event) => this.schedule(event.document)),
      vscode.workspace.onDidSaveTextDocument((document) => {
        if (document.uri.scheme === REMOTE_FILE_SCHEME) this.forgetHost(document.uri.authority);
        void this.check(document);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.collection.delete(document.uri);
        this.generations.delete(document.uri.toString());
        this.hostFindings.delete(document.uri.toString());
      }),
      sessions.onDidChangeState(({ host, state }) => {
        if (state.status !== 'connected') return;
        this.recheckHost(host);
      }),
    ];
    for (const document of vscode.workspace.textDocuments) void this.check(document);
  }

  /** Something on the host changed (a directory created, a reconnect): ask it again. */
  recheckHost(hostName: string): void {
    this.forgetHost(hostName);
    for (const document of vscode.workspace.textDocuments)
      if (document.uri.scheme === REMOTE_FILE_SCHEME && document.uri.authority === hostName) void this.check(document);
  }

  origin(diagnostic: vscode.Diagnostic): ConfDiagnostic | undefined {
    return this.origins.get(diagnostic);
  }

  /** Checks a document now: the file's own rules at once, the host's facts when they arrive. */
  check(document: vscode.TextDocument): Promise<void> {
    if (document.languageId !== VZDUMP_LANGUAGE) return Promise.resolve();
    const key = document.uri.toString();
    const generation = (this.generations.get(key) ?? 0) + 1;
    this.generations.set(key, generation);
    const text = document.getText();
    const { values, diagnostics } = validateVzdumpConf(text);
    this.publish(document, [...diagnostics, ...this.keptHostFindings(document)]);
    if (document.uri.scheme !== REMOTE_FILE_SCHEME) return Promise.resolve();
    return this.hostFacts(document.uri.authority, values)
      .then((facts) => {
        if (generation !== this.generations.get(key) || document.isClosed) return;
        const findings = checkAgainstHost(scanVzdumpConf(text), values, facts);
        this.hostFindings.set(key, findings);
        this.publish(document, [...diagnostics, ...findings]);
      })
      .catch((error: unknown) => {
        this.logger.warn(`vzdump.conf host checks on ${document.uri.authority}: ${String(error)}`);
        // What the host had can no longer be vouched for.
        if (generation !== this.generations.get(key) || document.isClosed || !this.hostFindings.delete(key)) return;
        this.publish(document, diagnostics);
      });
  }

  dispose(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    for (const subscription of this.subscriptions) subscription.dispose();
    this.collection.dispose();
  }

  private schedule(document: vscode.TextDocument): void {
    if (document.languageId !== VZDUMP_LANGUAGE) return;
    // The file's own rules at every keystroke: auto-save holds back while errors show, so they
    // must show before the auto-save delay ends. The host checks wait for a pause.
    this.publish(document, [...validateVzdumpConf(document.getText()).diagnostics, ...this.keptHostFindings(document)]);
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

  /** The host's last findings that still fit the document, until the host is asked again. */
  private keptHostFindings(document: vscode.TextDocument): ConfDiagnostic[] {
    return (this.hostFindings.get(document.uri.toString()) ?? []).filter(
      (finding) => finding.line < document.lineCount,
    );
  }

  private publish(document: vscode.TextDocument, diagnostics: ConfDiagnostic[]): void {
    this.collection.set(
      document.uri,
      diagnostics.map((d) => {
        const diagnostic = new vscode.Diagnostic(
          new vscode.Range(d.line, d.startColumn, d.line, d.endColumn),
          d.message,
          SEVERITY[d.severity],
        );
        diagnostic.source = DIAGNOSTIC_SOURCE;
        diagnostic.code = d.code;
        this.origins.set(diagnostic, d);
        return diagnostic;
      }),
    );
  }

  private hostFacts(hostName: string, values: Record<string, string | string[]>): Promise<VzdumpHostFacts> {
    if (this.sessions.state(hostName).status !== 'connected')
      return Promise.reject(new Error('not connected; host checks wait for a connection'));
    return this.data.vzdumpHostFacts(hostName, pathsToCheck(values));
  }

  /** Forgotten on save, on reconnect and when a command changes the host (a directory created). */
  private forgetHost(hostName: string): void {
    this.data.invalidate(hostName, 'paths');
    this.data.invalidate(hostName, 'vzdump.conf');
  }
}
