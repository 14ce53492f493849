/**
 * Which hosts have an action running. Automatic refresh waits while one does (a half-done
 * action would flicker through the tree), and every action ends with a refresh of its host.
 */
export class ExplorerActivity {
  private readonly busy = new Map<string, number>();

  constructor(private readonly refreshHost: (hostName: string) => void) {}

  isBusy(hostName: string): boolean {
    return (this.busy.get(hostName) ?? 0) > 0;
  }

  async during<T>(hostName: string, work: () => Promise<T>): Promise<T> {
    this.busy.set(hostName, (this.busy.get(hostName) ?? 0) + 1);
    try {
      return await work();
    } finally {
      const left = (this.busy.get(hostName) ?? 1) - 1;
      if (left > 0) this.busy.set(hostName, left);
      else this.busy.delete(hostName);
      this.refreshHost(hostName);
    }
  }
}
