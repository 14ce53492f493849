import * as vscode from 'vscode';
import { logFailure } from '../domain/logging/logFailure';
import type { Logger } from '../domain/logging/logger';
import { webviewHtml } from './webviewHtml';
import { errorMessage } from '../shared/errorMessage';

/**
 * What every panel of ours shares: the page with its CSP, messages from the view handed to
 * `receive`, an event with each state sent (the tests wait on it), a close event, and one way to
 * report a failed request from the view (logged, and shown once).
 */
export abstract class WebviewPanelHost<State> implements vscode.Disposable {
  protected disposed = false;
  protected readonly subscriptions: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<State>();
  /** Fires with every state sent to the view. */
  readonly onDidChange = this.changed.event;
  private readonly closed = new vscode.EventEmitter<void>();
  readonly onDidClose = this.closed.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    app: string,
    title: string,
    protected readonly logger: Logger,
  ) {
    panel.title = title;
    panel.webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview')],
    };
    panel.webview.html = webviewHtml(panel.webview, extensionUri, app, title);
    this.subscriptions.push(
      panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  /** A message from the view, not yet validated. */
  protected abstract receive(message: unknown): void;

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
    this.closed.fire();
    this.closed.dispose();
    this.changed.dispose();
  }

  /** Sends a message to the view, and the state it carries to onDidChange. */
  protected send(message: unknown, state: State): void {
    if (this.disposed) return;
    void this.panel.webview.postMessage(message);
    this.changed.fire(state);
  }

  /** Runs what the view asked for; a failure is logged and shown to the user. */
  protected settle(work: Promise<unknown>, what: string): void {
    void work.catch((error: unknown) => {
      logFailure(this.logger, error, what);
      void vscode.window.showErrorMessage(errorMessage(error));
    });
  }

  protected ignoreMalformed(view: string): void {
    this.logger.warn(`${view}: ignored a malformed message from the view`);
  }
}
