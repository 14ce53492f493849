import * as vscode from 'vscode';
import { errorMessage } from '../shared/errorMessage';

/** What the terminal needs of an SSH session with a pty (src/remote's PtySession fits). */
interface TerminalSession {
  write(data: string): void;
  resize(rows: number, cols: number): void;
  onData(listener: (chunk: Buffer) => void): void;
  closed: Promise<{ exitCode: number | null }>;
  close(): void;
}

/** A connection that can open such a session (src/remote's SshConnection fits). */
export interface PtyConnection {
  openPty(options: { argv?: readonly string[]; rows: number; cols: number }): Promise<TerminalSession>;
}

/** A VS Code terminal backed by an SSH pty (a login shell, or `pct enter <vmid>`). */
export function openSshTerminal(
  name: string,
  connect: () => Promise<PtyConnection>,
  argv?: readonly string[],
): vscode.Terminal {
  const write = new vscode.EventEmitter<string>();
  const close = new vscode.EventEmitter<number | void>();
  let session: TerminalSession | undefined;
  let size = { rows: 24, cols: 80 };
  const pty: vscode.Pseudoterminal = {
    onDidWrite: write.event,
    onDidClose: close.event,
    open: (initial) => {
      if (initial) size = { rows: initial.rows, cols: initial.columns };
      void (async () => {
        try {
          const connection = await connect();
          session = await connection.openPty({ argv, rows: size.rows, cols: size.cols });
          session.onData((chunk) => write.fire(chunk.toString('utf8')));
          const result = await session.closed;
          close.fire(result.exitCode ?? 0);
        } catch (error) {
          write.fire(`\r\n\x1b[31m${errorMessage(error)}\x1b[0m\r\n`);
          close.fire(1);
        }
      })();
    },
    close: () => session?.close(),
    handleInput: (data) => session?.write(data),
    setDimensions: (dimensions) => {
      size = { rows: dimensions.rows, cols: dimensions.columns };
      session?.resize(size.rows, size.cols);
    },
  };
  return vscode.window.createTerminal({ name, pty, iconPath: new vscode.ThemeIcon('remote') });
}
