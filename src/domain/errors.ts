// Failures fall in two kinds. Expected ones come from the world or the user: a refused host key,
// a command used in the wrong place, a remote command that failed, a host that does not answer.
// They deserve one clear line. Anything else is a bug, and its stack is what helps.

/** A failure that is not a bug; its message is written for the user. */
export class ExpectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Ours, or the network's: Node's system errors (ECONNREFUSED…) and ssh2's client-level errors. */
export function isExpectedFailure(error: unknown): boolean {
  if (error instanceof ExpectedError || !(error instanceof Error)) return true;
  const { code, level } = error as { code?: unknown; level?: unknown };
  if (typeof code === 'string' && /^E[A-Z0-9]+$/.test(code)) return true;
  return typeof level === 'string' && level.startsWith('client-');
}
