import { spawn, type ChildProcess } from 'node:child_process';
import { commandString } from './format';

export class CommandError extends Error {}

export interface RunOptions {
  onStdoutLine?: (line: string) => void;
  onStderrLine?: (line: string) => void;
  signal?: AbortSignal;
  /** stop the process right after it starts (the lab's hung job) */
  freeze?: boolean;
}

function lineSplitter(cb: ((line: string) => void) | undefined): (chunk: Buffer) => void {
  let buf = '';
  return (chunk) => {
    buf += chunk.toString('utf8');
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i).replace(/\r$/, '');
      buf = buf.slice(i + 1);
      if (line !== '') cb?.(line);
    }
  };
}

/** Ends a child when the job is interrupted; resolves its exit code. */
function waitFor(child: ChildProcess, signal: AbortSignal | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      child.kill('SIGKILL');
      reject(signal?.reason instanceof Error ? signal.reason : new Error('interrupted by signal'));
    };
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (err) => {
      signal?.removeEventListener('abort', onAbort);
      reject(err);
    });
    child.on('close', (code, sig) => {
      signal?.removeEventListener('abort', onAbort);
      resolve(code ?? (sig ? 128 + 9 : 255));
    });
  });
}

/** PVE::Tools::run_command for one argv: fails with "command '...' failed: exit code N". */
export async function runCommand(
  argv: readonly string[],
  opts: RunOptions = {},
  displayArgv: readonly string[] = argv,
): Promise<void> {
  const [cmd, ...args] = argv;
  if (!cmd) throw new CommandError('empty command');
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  if (opts.freeze && child.pid !== undefined) process.kill(child.pid, 'SIGSTOP');
  child.stdout?.on('data', lineSplitter(opts.onStdoutLine));
  child.stderr?.on('data', lineSplitter(opts.onStderrLine));
  let code: number;
  try {
    code = await waitFor(child, opts.signal);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new CommandError(
        `command '${commandString(displayArgv)}' failed: open3: exec of ${commandString(displayArgv)} failed: No such file or directory`,
      );
    }
    throw err;
  }
  if (code !== 0) throw new CommandError(`command '${commandString(displayArgv)}' failed: exit code ${code}`);
}
