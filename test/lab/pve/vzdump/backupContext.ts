import * as fs from 'node:fs';
import type { TaskLogger } from '../tasks/taskLogger';
import { localTimestamp } from './format';
import type { Interrupt } from './interrupt';
import type { JobOptions } from './jobOptions';

/** Shared state of a running vzdump job. */
export interface BackupContext {
  opts: JobOptions;
  log: TaskLogger;
  interrupt: Interrupt;
  slowFactor: number;
  /** the lab's stuck job: freezes its first rsync */
  hang: boolean;
}

/**
 * debugmsg(): every message goes to the task log as "LEVEL: text"; messages given the per-guest
 * log also go there with a timestamp.
 */
export class GuestLog {
  private fd: number | undefined;

  constructor(private readonly ctx: BackupContext) {}

  openFile(file: string): void {
    fs.mkdirSync(file.slice(0, file.lastIndexOf('/')), { recursive: true });
    this.fd = fs.openSync(file, 'w');
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }

  /** to the task log and the guest log */
  info(msg: string): void {
    this.emit('INFO:', msg, true);
  }

  err(msg: string): void {
    this.emit('ERROR:', msg, true);
  }

  warn(msg: string): void {
    for (const line of msg.replace(/\n+$/, '').split('\n')) {
      this.ctx.log.warn(line);
      if (this.fd !== undefined) fs.writeSync(this.fd, `${localTimestamp()} WARN: ${line}\n`);
    }
  }

  /** to the task log only (debugmsg without $logfd) */
  infoTaskOnly(msg: string): void {
    this.emit('INFO:', msg, false);
  }

  errTaskOnly(msg: string): void {
    this.emit('ERROR:', msg, false);
  }

  private emit(pre: string, msg: string, toFile: boolean): void {
    const text = msg.replace(/\n+$/, '');
    if (text === '') return;
    for (const line of text.split('\n')) {
      this.ctx.log.line(`${pre} ${line}`);
      if (toFile && this.fd !== undefined) fs.writeSync(this.fd, `${localTimestamp()} ${pre} ${line}\n`);
    }
  }
}
