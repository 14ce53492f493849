import * as fs from 'node:fs';

/**
 * Output of a task worker: every line goes to the task log file (what /tasks/{upid}/log reads)
 * and, for CLI-started tasks, also to stdout, as the real tee between worker and terminal does.
 */
export class TaskLogger {
  private warnings = 0;

  constructor(
    private readonly logFile: string,
    private readonly echo: boolean,
  ) {}

  /** A raw line, like a worker's print to STDOUT/STDERR. */
  line(text: string): void {
    const data = `${text}\n`;
    fs.appendFileSync(this.logFile, data);
    if (this.echo) writeStdout(data);
  }

  info(text: string): void {
    for (const l of text.replace(/\n$/, '').split('\n')) this.line(`INFO: ${l}`);
  }

  error(text: string): void {
    for (const l of text.replace(/\n$/, '').split('\n')) this.line(`ERROR: ${l}`);
  }

  /** WARN lines count towards "TASK WARNINGS: n". */
  warn(text: string): void {
    for (const l of text.replace(/\n$/, '').split('\n')) {
      this.line(`WARN: ${l}`);
      this.warnings++;
    }
  }

  get warningCount(): number {
    return this.warnings;
  }
}

let stdoutBroken = false;
function writeStdout(data: string): void {
  if (stdoutBroken) return;
  try {
    fs.writeSync(1, data);
  } catch {
    // the CLI parent is gone (killed): keep working, like a worker whose terminal closed
    stdoutBroken = true;
  }
}
