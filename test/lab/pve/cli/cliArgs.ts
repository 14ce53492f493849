/** Splits `--key value` / `-key value` / `--key=value` options from positional arguments. */
export interface ParsedArgs {
  positional: string[];
  options: Array<[string, string | undefined]>;
}

export function parseCliArgs(argv: readonly string[]): ParsedArgs {
  const positional: string[] = [];
  const options: Array<[string, string | undefined]> = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const m = /^--?([a-zA-Z][\w-]*)(=(.*))?$/.exec(a);
    if (!m) {
      positional.push(a);
      continue;
    }
    if (m[2] !== undefined) {
      options.push([m[1] ?? '', m[3] ?? '']);
      continue;
    }
    const next = argv[i + 1];
    if (next !== undefined && !/^--?[a-zA-Z]/.test(next)) {
      options.push([m[1] ?? '', next]);
      i++;
    } else options.push([m[1] ?? '', undefined]);
  }
  return { positional, options };
}

export class CliExit extends Error {
  constructor(
    readonly exitCode: number,
    readonly stderr: string,
  ) {
    super(stderr);
  }
}
