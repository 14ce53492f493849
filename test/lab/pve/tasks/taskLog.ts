import * as fs from 'node:fs';

export interface LogLine {
  n: number;
  t: string;
}

/**
 * PVE::Tools::dump_logfile: `start` lines are skipped, `n` is 1-based, limit 0 reads to the end,
 * the count covers the whole file; an empty file yields one "no content" line.
 */
export function dumpLogfile(file: string, start: number, limit: number): { total: number; lines: LogLine[] } {
  let content: string;
  try {
    content = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return { total: 1, lines: [{ n: 1, t: `unable to open file - ${perlErrorText(e)}` }] };
  }
  const all = content.split('\n');
  if (all[all.length - 1] === '') all.pop();
  const readToEnd = limit === 0;
  let remaining = limit;
  const lines: LogLine[] = [];
  let count = 0;
  for (const text of all) {
    count++;
    if (count <= start) continue;
    if (!readToEnd) {
      if (remaining <= 0) continue;
      remaining--;
    }
    lines.push({ n: count, t: text });
  }
  if (count === 0) {
    count = 1;
    lines.push({ n: 1, t: 'no content' });
  }
  return { total: count, lines };
}

function perlErrorText(e: NodeJS.ErrnoException): string {
  if (e.code === 'ENOENT') return 'No such file or directory';
  if (e.code === 'EACCES') return 'Permission denied';
  return e.message;
}
