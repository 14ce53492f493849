import * as vscode from 'vscode';
import type * as z from 'zod';

/** What the registry needs of a panel of ours (a WebviewPanelHost has both). */
export interface RegisteredPanel {
  readonly panel: vscode.WebviewPanel;
  readonly onDidClose: vscode.Event<void>;
}

/** One kind of panel: what it is opened for (`Args`), how a new one is made, and how it comes back after a reload. */
export interface PanelKind<Args, Panel extends RegisteredPanel> {
  viewType: string;
  /** Which open panel `args` mean: opening the same key again shows that panel instead of a second one. */
  key(args: Args): string;
  /** The title of a new webview panel for `args` (the panel class may change it later). */
  title(args: Args): string;
  /** Wraps a webview panel, new or restored after a reload. May throw: then nothing is kept. */
  create(panel: vscode.WebviewPanel, args: Args): Panel;
  /** What opening an open panel does besides revealing it (for example, asking the host again). */
  reopen?(panel: Panel, args: Args): void;
  /** The state the view saved, checked when VS Code restores the panel after a window reload. */
  savedState: z.ZodType<Args>;
  /** A restored panel whose view kept no valid state: what to attach it to. Undefined closes it (the default). */
  withoutState?(panel: vscode.WebviewPanel): Args | undefined;
  /** Told of each restored panel, and whether its view's state said what it was. */
  restored?(panel: Panel, fromState: boolean): void;
  /** Told when a panel closes; `closingAll` is set when the registry closes them all (the extension shuts down). */
  closed?(panel: Panel, closingAll: boolean): void;
}

/**
 * The open panels of one kind, by key: `open` reveals the open one or makes a new one, a serializer
 * attaches the panels VS Code restores after a window reload, and disposing closes them all.
 */
export class PanelRegistry<Args, Panel extends RegisteredPanel> implements vscode.Disposable {
  private readonly byKey = new Map<string, Panel>();
  private readonly serializer: vscode.Disposable;
  private closingAll = false;

  constructor(private readonly kind: PanelKind<Args, Panel>) {
    this.serializer = vscode.window.registerWebviewPanelSerializer(kind.viewType, {
      deserializeWebviewPanel: (panel, state: unknown) => {
        this.restore(panel, state);
        return Promise.resolve();
      },
    });
  }

  /** The open panels by key (the tests look into them). */
  get panels(): ReadonlyMap<string, Panel> {
    return this.byKey;
  }

  /** Shows the panel open for `args`, or opens a new one. */
  open(args: Args): Panel {
    const existing = this.byKey.get(this.kind.key(args));
    if (existing) {
      existing.panel.reveal();
      this.kind.reopen?.(existing, args);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      this.kind.viewType,
      this.kind.title(args),
      vscode.ViewColumn.Active,
      { enableScripts: true },
    );
    return this.attach(panel, args);
  }

  dispose(): void {
    this.closingAll = true;
    this.serializer.dispose();
    for (const panel of [...this.byKey.values()]) panel.panel.dispose();
  }

  private attach(webviewPanel: vscode.WebviewPanel, args: Args): Panel {
    const key = this.kind.key(args);
    const panel = this.kind.create(webviewPanel, args);
    this.byKey.set(key, panel);
    panel.onDidClose(() => {
      // a panel restored twice under one key replaces the first; the first closing must not forget it
      if (this.byKey.get(key) === panel) this.byKey.delete(key);
      this.kind.closed?.(panel, this.closingAll);
    });
    return panel;
  }

  private restore(webviewPanel: vscode.WebviewPanel, state: unknown): void {
    const saved = this.kind.savedState.safeParse(state);
    const args = saved.success ? saved.data : this.kind.withoutState?.(webviewPanel);
    if (args === undefined) {
      webviewPanel.dispose();
      return;
    }
    this.kind.restored?.(this.attach(webviewPanel, args), saved.success);
  }
}
