// The start-up every panel page shares: the one VS Code API handle, the host's messages validated
// before use, state kept across reloads, and the ready handshake with the extension.

/** The handle VS Code gives a webview page. It can be acquired only once per page. */
interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** The parts of a zod schema used here, so webview-ui needs no zod import of its own. */
interface Schema<T> {
  parse(data: unknown): T;
  safeParse(data: unknown): { success: true; data: T } | { success: false };
}

export interface PanelStart<HostMessage, ViewMessage, SavedState> {
  /** What the extension may send; anything else is ignored. */
  hostMessages: Schema<HostMessage>;
  /** What the page keeps across a reload (VS Code's getState/setState). */
  savedState: Schema<SavedState>;
  /** What to keep from a message, saved before it is shown; undefined keeps the last saved state. */
  stateToSave(message: HostMessage): SavedState | undefined;
  /** Fills the page until the extension answers; `saved` is what a reload left behind, if it still fits. */
  showWaiting(saved: SavedState | undefined): void;
  onMessage(message: HostMessage): void;
  /** Sent last, once the page listens: the extension answers it with everything, so nothing sent earlier is missed. */
  ready: ViewMessage;
}

export interface ExtensionLink<ViewMessage> {
  post(message: ViewMessage): void;
  /** Call once, after the page's top-level code has run. */
  start<HostMessage, SavedState>(panel: PanelStart<HostMessage, ViewMessage, SavedState>): void;
}

/** The page's one link to the extension, typed by the messages the page sends. */
export function connectToExtension<ViewMessage>(): ExtensionLink<ViewMessage> {
  const vscode = acquireVsCodeApi();
  return {
    post: (message) => vscode.postMessage(message),
    start(panel) {
      window.addEventListener('message', (event: MessageEvent<unknown>) => {
        const parsed = panel.hostMessages.safeParse(event.data);
        if (!parsed.success) return; // not ours, or malformed: ignore rather than render it
        const toSave = panel.stateToSave(parsed.data);
        if (toSave !== undefined) vscode.setState(panel.savedState.parse(toSave));
        panel.onMessage(parsed.data);
      });
      const saved = panel.savedState.safeParse(vscode.getState());
      panel.showWaiting(saved.success ? saved.data : undefined);
      vscode.postMessage(panel.ready);
    },
  };
}
