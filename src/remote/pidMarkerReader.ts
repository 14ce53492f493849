import { PID_MARKER } from './remoteCommand';

/**
 * Takes the first stderr line of a command when it is our pid marker (see buildRemoteLine) and
 * passes everything else on untouched.
 */
export class PidMarkerReader {
  pid: number | undefined;
  private head = '';
  private done = false;

  constructor(private readonly forward: (chunk: Buffer) => void) {}

  push(chunk: Buffer): void {
    if (this.done) {
      this.forward(chunk);
      return;
    }
    this.head += chunk.toString('latin1');
    const newline = this.head.indexOf('\n');
    if (newline < 0 && this.head.length < 256) return; // the marker line is not complete yet
    this.done = true;
    const first = newline >= 0 ? this.head.slice(0, newline) : this.head;
    if (!first.startsWith(PID_MARKER)) {
      this.forward(Buffer.from(this.head, 'latin1'));
      return;
    }
    this.pid = Number(first.slice(PID_MARKER.length));
    const rest = this.head.slice(newline + 1);
    if (rest) this.forward(Buffer.from(rest, 'latin1'));
  }

  /** At the end of the stream: a partial line that was not the marker is still output. */
  end(): void {
    if (!this.done && this.head && !this.head.startsWith(PID_MARKER)) this.forward(Buffer.from(this.head, 'latin1'));
    this.done = true;
  }
}
