/**
 * The vzdump worker's signal handling: INT/TERM/QUIT/HUP make the running step fail with
 * "interrupted by signal", like the handlers PVE/API2/VZDump.pm installs. A hung job (the
 * lab's stuck-lock switch) ignores TERM instead, as a process stuck in I/O would.
 */
export class Interrupt {
  private readonly controller = new AbortController();

  install(ignoreTerm: boolean): void {
    const fire = (): void => this.controller.abort(new Error('interrupted by signal'));
    for (const sig of ['SIGINT', 'SIGQUIT', 'SIGHUP'] as const) process.on(sig, fire);
    process.on('SIGTERM', ignoreTerm ? () => undefined : fire);
    // a closed stdout must not kill the job
    process.on('SIGPIPE', () => undefined);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  throwIfInterrupted(): void {
    if (this.controller.signal.aborted) throw new Error('interrupted by signal');
  }
}
