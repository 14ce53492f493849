import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { CommandError } from './runCommand';
import { commandString, shellQuote } from './format';
import { throttle } from './slowdown';

/** COMMON_TAR_FLAGS of pve-storage */
export const COMMON_TAR_FLAGS = [
  '--one-file-system',
  '-p',
  '--sparse',
  '--numeric-owner',
  '--acls',
  '--xattrs',
  '--xattrs-include=user.*',
  '--xattrs-include=security.capability',
  '--warning=no-file-ignored',
  '--warning=no-xattr-write',
];

/** compressor_info(): the compressor argv and the file extension. */
export function compressorFor(
  compress: string,
  zstdThreads: number,
  pigz: number,
): { argv: string[]; ext: string } | undefined {
  if (!compress || compress === '0') return undefined;
  if (compress === '1' || compress === 'lzo') return { argv: ['lzop'], ext: 'lzo' };
  if (compress === 'gzip')
    return pigz > 0
      ? { argv: ['pigz', '-p', String(pigz), '--rsyncable'], ext: 'gz' }
      : { argv: ['gzip', '--rsyncable'], ext: 'gz' };
  if (compress === 'zstd') return { argv: ['zstd', `--threads=${zstdThreads}`], ext: 'zst' };
  throw new Error(`internal error - unknown compression option '${compress}'`);
}

function exitOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.on('error', () => resolve(127));
    child.on('close', (code) => resolve(code ?? 137));
  });
}

/**
 * `set -o pipefail && tar ... | zstd ... >file`, run as separate processes piped through this
 * process (no shell). stderr lines of both are logged; any failure is reported with the whole
 * pipeline as vzdump prints it.
 */
export async function runArchivePipeline(
  tarArgv: string[],
  compressor: string[] | undefined,
  outFile: string,
  opts: { onLine: (line: string) => void; signal: AbortSignal; slowFactor: number; displayOutFile: string },
): Promise<void> {
  const display = `set -o pipefail && ${commandString(tarArgv)}${compressor ? ` | ${commandString(compressor)}` : ''} >${shellQuote(opts.displayOutFile)}`;
  const out = fs.openSync(outFile, 'w');
  const lines = (child: ChildProcess): void => {
    let buf = '';
    child.stderr?.on('data', (c: Buffer) => {
      buf += c.toString('utf8');
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (line !== '') opts.onLine(line);
      }
    });
  };
  const [tarCmd, ...tarArgs] = tarArgv;
  const tar = spawn(tarCmd ?? 'tar', tarArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
  lines(tar);
  let comp: ChildProcess | undefined;
  const exits: Array<Promise<number>> = [exitOf(tar)];
  let piping: Promise<void>;
  if (compressor) {
    const [cCmd, ...cArgs] = compressor;
    comp = spawn(cCmd ?? 'zstd', cArgs, { stdio: ['pipe', out, 'pipe'] });
    lines(comp);
    exits.push(exitOf(comp));
    piping =
      opts.slowFactor > 1
        ? pipeline(tar.stdout, throttle(opts.slowFactor), comp.stdin as NodeJS.WritableStream)
        : pipeline(tar.stdout, comp.stdin as NodeJS.WritableStream);
  } else {
    piping = pipeline(tar.stdout, fs.createWriteStream('', { fd: out, autoClose: false }));
  }
  const kill = (): void => {
    tar.kill('SIGKILL');
    comp?.kill('SIGKILL');
  };
  opts.signal.addEventListener('abort', kill, { once: true });
  try {
    await piping.catch(() => undefined);
    const codes = await Promise.all(exits);
    if (opts.signal.aborted) throw new Error('interrupted by signal');
    const failed = [...codes].reverse().find((c) => c !== 0);
    if (failed !== undefined) throw new CommandError(`command '${display}' failed: exit code ${failed}`);
  } finally {
    opts.signal.removeEventListener('abort', kill);
    fs.closeSync(out);
  }
}
