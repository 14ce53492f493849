// A remote operation as data: what to run and how to read its output. Pure types, so the domain
// can describe operations (and tests can check their parsing) without any SSH.

import { ExpectedError } from '../errors';

/** What to run on the host: an argv (every element quoted) or a bash script sent on stdin. */
export type RemoteCommand = { argv: readonly string[]; stdin?: string | Buffer } | { script: string };

export interface CollectedOutput {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  signal?: string;
}

export interface RemoteOperation<T> {
  command: RemoteCommand;
  parse(output: CollectedOutput): T;
}

/** A command that failed on the host; the message carries what it printed. */
export class RemoteCommandError extends ExpectedError {
  constructor(
    readonly commandText: string,
    readonly output: CollectedOutput,
  ) {
    const detail = (output.stderr.trim() || output.stdout.trim()).split('\n').slice(-3).join(' | ');
    super(
      `${commandText} failed (${output.signal ? `signal ${output.signal}` : `exit ${String(output.exitCode)}`})${detail ? `: ${detail}` : ''}`,
    );
  }
}
