import * as vscode from 'vscode';

export interface RunResult {
  exitCode: number | null;
  signal?: string;
  cancelled: boolean;
  durationMs: number;
  /** The last part of the output, for the history and the failure lens */
  outputTail: string;
}

export type BlockRunState =
  { state: 'running'; stop: () => void; startedAt: number } | { state: 'done'; result: RunResult };

/** What each block is doing or did last, so the lenses can say "■ Stop" or "✓ exit 0 · 1.4 s". */
export class RunStates implements vscode.Disposable {
  private readonly states = new Map<string, BlockRunState>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  get(uri: vscode.Uri, blockId: string): BlockRunState | undefined {
    return this.states.get(key(uri, blockId));
  }

  set(uri: vscode.Uri, blockId: string, state: BlockRunState): void {
    this.states.set(key(uri, blockId), state);
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function key(uri: vscode.Uri, blockId: string): string {
  return `${uri.toString()}#${blockId}`;
}
