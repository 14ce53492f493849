import * as vscode from 'vscode';

/**
 * One terminal-like output view per host: every block run on it appears there with a header
 * (host, block, time) and a footer (exit code, duration). Output is written as it arrives, ANSI
 * colours included; text written before the view opens is kept and shown when it does.
 */
export class RunOutputTerminals implements vscode.Disposable {
  private readonly views = new Map<string, { terminal: vscode.Terminal; write: (text: string) => void }>();
  private readonly written = new vscode.EventEmitter<{ host: string; text: string }>();
  /** Fires for every piece of output as it arrives (the tests watch output stream in). */
  readonly onDidWrite = this.written.event;
  private readonly closeListener = vscode.window.onDidCloseTerminal((closed) => {
    for (const [host, view] of this.views) if (view.terminal === closed) this.views.delete(host);
  });

  write(host: string, text: string): void {
    this.written.fire({ host, text });
    this.view(host).write(text.replace(/\r?\n/g, '\r\n'));
  }

  header(host: string, blockName: string): void {
    this.write(host, `\x1b[1;36m── ${host} · ${blockName} · ${new Date().toLocaleTimeString()} ──\x1b[0m\n`);
  }

  footer(host: string, outcome: string, ok: boolean, durationMs: number): void {
    this.write(host, `\n\x1b[1;${ok ? 32 : 31}m── ${outcome} · ${(durationMs / 1000).toFixed(1)} s ──\x1b[0m\n\n`);
  }

  show(host: string): void {
    this.view(host).terminal.show(true);
  }

  private view(host: string): { terminal: vscode.Terminal; write: (text: string) => void } {
    const existing = this.views.get(host);
    if (existing) return existing;
    const emitter = new vscode.EventEmitter<string>();
    let pending: string[] | undefined = [];
    const pty: vscode.Pseudoterminal = {
      onDidWrite: emitter.event,
      open: () => {
        for (const text of pending ?? []) emitter.fire(text);
        pending = undefined;
      },
      close: () => emitter.dispose(),
    };
    const terminal = vscode.window.createTerminal({
      name: `${host} · runbook output`,
      pty,
      iconPath: new vscode.ThemeIcon('notebook'),
    });
    const view = { terminal, write: (text: string) => (pending ? pending.push(text) : emitter.fire(text)) };
    this.views.set(host, view);
    return view;
  }

  dispose(): void {
    this.closeListener.dispose();
    this.written.dispose();
    for (const view of this.views.values()) view.terminal.dispose();
  }
}
