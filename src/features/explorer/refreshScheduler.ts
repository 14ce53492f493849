/**
 * Refreshes connected hosts every `pve.explorer.refreshSeconds` while the view is visible
 * (0 turns it off), skipping hosts with an action in progress.
 */
export class RefreshScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly view: { readonly visible: boolean },
    private readonly seconds: () => number,
    private readonly hostsToRefresh: () => string[],
    private readonly refresh: (hostName: string) => Promise<void>,
  ) {}

  /** Call when visibility or the setting changed. */
  update(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const seconds = this.seconds();
    if (!this.view.visible || seconds <= 0) return;
    this.timer = setInterval(() => void this.tick(), seconds * 1000);
  }

  private async tick(): Promise<void> {
    if (this.running) return; // a slow host must not pile up refreshes
    this.running = true;
    try {
      await Promise.allSettled(this.hostsToRefresh().map((host) => this.refresh(host)));
    } finally {
      this.running = false;
    }
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
