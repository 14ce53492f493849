// The one place where values become shell words. Every remote command line is built from an
// argv by toCommandLine(); nothing concatenates raw values into a command string.

const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quotes one value for a POSIX shell so it reaches the program as exactly one argument. */
export function quoteShellArg(value: string): string {
  if (value.includes('\0')) throw new Error('A shell argument cannot contain a NUL byte');
  if (SAFE_WORD.test(value)) return value;
  // Inside single quotes nothing is special; a single quote itself is closed, escaped, reopened.
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Joins an argv into a command line for `sh -c`, quoting every element. */
export function toCommandLine(argv: readonly string[]): string {
  if (argv.length === 0) throw new Error('A command needs at least a program name');
  return argv.map(quoteShellArg).join(' ');
}
