import type { Client, ClientChannel, SFTPWrapper } from 'ssh2';
import { ExpectedError } from '../domain/errors';
import type { Logger } from '../domain/logging/logger';
import { toCommandLine } from '../domain/shell/shellQuote';
import { abortError, type ChannelLimiter } from './channelLimiter';
import { PidMarkerReader } from './pidMarkerReader';
import {
  buildKillGroupCommand,
  buildRemoteLine,
  isSudoPasswordRequired,
  sudoHelp,
  type CollectedOutput,
  type ExecResult,
  type RemoteCommand,
  type RemoteOperation,
} from './remoteCommand';
import { errorMessage } from '../shared/errorMessage';

export interface ExecOptions {
  signal?: AbortSignal;
  onStdout?: (chunk: Buffer) => void;
  onStderr?: (chunk: Buffer) => void;
}

export interface PtyOptions {
  /** Command to run in the terminal; a login shell when absent. */
  argv?: readonly string[];
  rows: number;
  cols: number;
  term?: string;
}

export interface PtySession {
  write(data: string | Buffer): void;
  resize(rows: number, cols: number): void;
  onData(listener: (chunk: Buffer) => void): void;
  /** Resolves when the remote side ends the session. */
  closed: Promise<ExecResult>;
  close(): void;
}

export class SudoPasswordRequiredError extends ExpectedError {
  constructor(user: string) {
    super(sudoHelp(user));
  }
}

/** Collected output is capped; larger outputs must be streamed with exec(). */
export const DEFAULT_COLLECT_LIMIT = 64 * 1024 * 1024;
const OPEN_RETRIES = 20;
const CLOSE_AFTER_CANCEL_MS = 10_000;

/**
 * One established SSH connection. Every channel it opens goes through the limiter, and every
 * command line comes from buildRemoteLine(), which quotes each argument.
 */
export class SshConnection {
  private isClosed = false;
  private sftpSession: Promise<SFTPWrapper> | undefined;
  private readonly closeListeners = new Set<(reason: string) => void>();

  readonly user: string;
  /** How the user was authenticated: agent, publickey, password, keyboard-interactive. */
  readonly authMethod: string;
  private readonly sudo: boolean;

  constructor(
    private readonly client: Client,
    identity: { user: string; authMethod: string; sudo: boolean },
    private readonly limiter: ChannelLimiter,
    private readonly logger: Logger,
  ) {
    this.user = identity.user;
    this.authMethod = identity.authMethod;
    this.sudo = identity.sudo;
    const markClosed = (reason: string) => {
      if (this.isClosed) return;
      this.isClosed = true;
      for (const listener of this.closeListeners) listener(reason);
    };
    client.on('close', () => markClosed('the connection closed'));
    client.on('error', (error: Error) => markClosed(error.message));
  }

  get closed(): boolean {
    return this.isClosed;
  }

  onClose(listener: (reason: string) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  /** Runs a command, streaming its output; resolves with its exit code or signal. */
  async exec(command: RemoteCommand, options: ExecOptions = {}): Promise<ExecResult> {
    const release = await this.limiter.acquire(options.signal);
    try {
      return await this.execOnChannel(command, options);
    } finally {
      release();
    }
  }

  /** Runs a command and returns its output as text (bounded by maxBytes). */
  async collect(
    command: RemoteCommand,
    options: { signal?: AbortSignal; maxBytes?: number } = {},
  ): Promise<CollectedOutput> {
    const limit = options.maxBytes ?? DEFAULT_COLLECT_LIMIT;
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let size = 0;
    const overflow = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, overflow.signal]) : overflow.signal;
    const keep = (into: Buffer[]) => (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) overflow.abort(new Error(`The output of ${describe(command)} is larger than ${limit} bytes`));
      else into.push(chunk);
    };
    const result = await this.exec(command, { signal, onStdout: keep(stdout), onStderr: keep(stderr) });
    if (overflow.signal.aborted) throw abortError(overflow.signal);
    return {
      stdout: Buffer.concat(stdout).toString('utf8'),
      stderr: Buffer.concat(stderr).toString('utf8'),
      ...result,
    };
  }

  /** Runs a remote operation: collect its output, then parse it. */
  async run<T>(operation: RemoteOperation<T>, options: { signal?: AbortSignal; maxBytes?: number } = {}): Promise<T> {
    return operation.parse(await this.collect(operation.command, options));
  }

  /** An interactive terminal (pct enter, a login shell). */
  async openPty(options: PtyOptions): Promise<PtySession> {
    const release = await this.limiter.acquire();
    const window = { rows: options.rows, cols: options.cols, term: options.term ?? 'xterm-256color' };
    let closed!: Promise<ExecResult>;
    let channel: ClientChannel;
    try {
      channel = await new Promise<ClientChannel>((resolve, reject) => {
        const onChannel = (error: Error | undefined, opened: ClientChannel) => {
          if (error) return reject(error);
          closed = watchPtyEnd(opened, release); // at once, so no 'exit' event is missed
          resolve(opened);
        };
        if (options.argv) {
          const argv = this.sudo ? ['sudo', '-n', '--', ...options.argv] : [...options.argv];
          this.client.exec(toCommandLine(argv), { pty: window }, onChannel);
        } else {
          this.client.shell(window, onChannel);
        }
      });
    } catch (error) {
      release();
      throw error;
    }
    return {
      write: (data) => channel.write(data),
      resize: (rows, cols) => channel.setWindow(rows, cols, 0, 0),
      onData: (listener) => {
        channel.on('data', listener);
        channel.stderr.on('data', listener);
      },
      closed,
      close: () => channel.close(),
    };
  }

  /** The connection's SFTP session, opened on first use and kept (it holds one channel). */
  sftp(): Promise<SFTPWrapper> {
    this.sftpSession ??= this.openSftp().catch((error: unknown) => {
      this.sftpSession = undefined;
      throw error;
    });
    return this.sftpSession;
  }

  private async openSftp(): Promise<SFTPWrapper> {
    const release = await this.limiter.acquire();
    try {
      const sftp = await new Promise<SFTPWrapper>((resolve, reject) =>
        this.client.sftp((error, s) => (error ? reject(error) : resolve(s))),
      );
      sftp.once('close', () => {
        this.sftpSession = undefined;
        release();
      });
      return sftp;
    } catch (error) {
      release();
      throw error;
    }
  }

  close(): void {
    this.client.end();
  }

  private execOnChannel(command: RemoteCommand, options: ExecOptions): Promise<ExecResult> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(abortError(signal));
    const line = buildRemoteLine(command, this.sudo);
    this.logger.debug(`exec ${describe(command)}`);
    return new Promise<ExecResult>((resolve, reject) => {
      this.openExecChannel(line, (channel) => {
        let stderrTail = ''; // enough of stderr to recognise sudo asking for a password
        let result: ExecResult = { exitCode: null };
        let cancelled: Promise<void> | undefined;
        const marker = new PidMarkerReader((chunk) => {
          if (stderrTail.length < 4096) stderrTail += chunk.toString('utf8');
          options.onStderr?.(chunk);
        });

        channel.on('data', (chunk: Buffer) => options.onStdout?.(chunk));
        channel.stderr.on('data', (chunk: Buffer) => {
          const known = marker.pid !== undefined;
          marker.push(chunk);
          if (!known && marker.pid !== undefined && signal?.aborted) void cancel(); // an abort that came before the pid
        });
        channel.on(
          'exit',
          (code: number | null, exitSignal?: string) => (result = { exitCode: code, signal: exitSignal ?? undefined }),
        );

        const cancel = (): Promise<void> => {
          if (cancelled) return cancelled;
          const pid = marker.pid;
          if (pid === undefined) return Promise.resolve(); // retried once the pid is known
          this.logger.info(`cancelling ${describe(command)} (remote process group ${pid})`);
          cancelled = this.execOnChannel(buildKillGroupCommand(pid, this.sudo), {}).then(
            () => channel.close(),
            (killError: unknown) => {
              this.logger.warn(`could not end remote process group ${pid}: ${String(killError)}`);
              channel.close();
            },
          );
          // sshd keeps a session channel open while its process lives; never hang the caller on it.
          const giveUp = setTimeout(() => {
            this.logger.warn(`remote process group ${pid} did not end after cancel; it may still be running`);
            settle();
          }, CLOSE_AFTER_CANCEL_MS);
          giveUp.unref();
          return cancelled;
        };
        const onAbort = () => void cancel();
        signal?.addEventListener('abort', onAbort, { once: true });

        let settled = false;
        const settle = () => {
          if (settled) return;
          settled = true;
          signal?.removeEventListener('abort', onAbort);
          if (signal?.aborted) reject(abortError(signal));
          else if (this.sudo && result.exitCode === 1 && isSudoPasswordRequired(stderrTail))
            reject(new SudoPasswordRequiredError(this.user));
          else resolve(result);
        };
        channel.on('close', () => {
          marker.end();
          void (cancelled ?? Promise.resolve()).then(settle);
        });

        if ('script' in command) channel.end(command.script);
        else if (command.stdin !== undefined) channel.end(command.stdin);
        else channel.end();
      }).catch((error: unknown) => reject(new Error(`Could not start ${describe(command)}: ${errorMessage(error)}`)));
    });
  }

  /**
   * sshd frees a closed session a moment after the close reaches it, so a new channel can be
   * refused briefly even below MaxSessions. Such refusals are retried with a short pause.
   */
  private async openExecChannel(line: string, attach: (channel: ClientChannel) => void): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        // Listeners must be attached inside ssh2's callback: the exit status can arrive in the same
        // read as the open confirmation, and an 'exit' event without a listener is lost.
        return await new Promise<void>((resolve, reject) =>
          this.client.exec(line, (error, channel) => {
            if (error) return reject(error);
            attach(channel);
            resolve();
          }),
        );
      } catch (error) {
        const refused = error instanceof Error && /open failed|open failure/i.test(error.message);
        if (!refused || attempt >= OPEN_RETRIES || this.isClosed) throw error;
        await new Promise((resolve) => setTimeout(resolve, 5 * attempt));
      }
    }
  }
}

function watchPtyEnd(channel: ClientChannel, release: () => void): Promise<ExecResult> {
  return new Promise((resolve) => {
    let result: ExecResult = { exitCode: null };
    channel.on(
      'exit',
      (code: number | null, signal?: string) => (result = { exitCode: code, signal: signal ?? undefined }),
    );
    channel.on('close', () => {
      release();
      resolve(result);
    });
  });
}

function describe(command: RemoteCommand): string {
  if ('script' in command) {
    const firstLine = command.script.trimStart().split('\n')[0] ?? '';
    return `script "${firstLine.slice(0, 60)}${firstLine.length > 60 ? '…' : ''}"`;
  }
  return `"${toCommandLine(command.argv).slice(0, 120)}"`;
}
