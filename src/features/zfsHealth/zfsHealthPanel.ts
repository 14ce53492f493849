import * as vscode from 'vscode';
import type { Logger } from '../../domain/logging/logger';
import { zfsHealthMarkdown } from '../../pve/zfs/healthReport';
import { buildZfsHealthState, type ZfsHealthInput } from '../../pve/zfs/healthView';
import type { Dialogs } from '../../platform/confirm';
import { WebviewPanelHost } from '../../platform/webviewPanelHost';
import {
  ZfsViewMessageSchema,
  type ZfsAction,
  type ZfsHealthState,
  type ZfsHostMessage,
} from '../../protocol/zfsHealth';
import type { HostModel } from '../../pve/hostModel';
import { performPoolAction, poolActionBusyText, type PoolAction } from '../../pve/zfs/poolActions';
import { gatherZfsHealth } from '../../pve/zfs/gatherZfsHealth';
import { errorMessage } from '../../shared/errorMessage';

export const ZFS_HEALTH_VIEW = 'pve.zfsHealth';

export interface ZfsHealthDeps {
  extensionUri: vscode.Uri;
  data: HostModel;
  dialogs: Dialogs;
  logger: Logger;
  revealGuest(host: string, vmid: number): Promise<void>;
  /** milliseconds between looks while a scrub or resilver runs; the tests shorten it */
  scanIntervalMs: number;
}

/** "ZFS Health — <host>": one panel per host, refreshed on demand and while a scan runs. */
export class ZfsHealthPanel extends WebviewPanelHost<ZfsHealthState> {
  private input: Omit<ZfsHealthInput, 'now'> | undefined;
  private error: string | undefined;
  private refreshing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** Pools whose action the host is still working on; their buttons wait meanwhile. */
  private readonly pending = new Map<string, PoolAction>();

  constructor(
    panel: vscode.WebviewPanel,
    private readonly deps: ZfsHealthDeps,
    readonly host: string,
  ) {
    super(panel, deps.extensionUri, 'zfsHealth', `ZFS Health — ${host}`, deps.logger);
    void this.refresh();
  }

  state(): ZfsHealthState | undefined {
    const busy = [...this.pending].map(([pool, action]) => ({ pool, action, text: poolActionBusyText(action) }));
    if (!this.input)
      return this.error
        ? {
            host: this.host,
            node: this.host,
            updatedAt: Date.now(),
            pools: [],
            refreshing: this.refreshing !== undefined,
            busy,
            error: this.error,
          }
        : undefined;
    return {
      ...buildZfsHealthState({
        ...this.input,
        now: Date.now(),
        refreshing: this.refreshing !== undefined,
        ...(this.error ? { error: this.error } : {}),
      }),
      busy,
    };
  }

  /** Asks the host again; concurrent calls share one look. Keeps looking while a scan runs. */
  refresh(): Promise<void> {
    this.refreshing ??= (async () => {
      await Promise.resolve(); // so `refreshing` is set when the view hears of it
      this.post();
      try {
        this.input = await gatherZfsHealth(this.deps.data, this.host);
        this.error = undefined;
      } catch (error) {
        this.error = errorMessage(error);
      } finally {
        this.refreshing = undefined;
      }
      if (this.disposed) return;
      this.post();
      clearTimeout(this.timer);
      if (this.input?.pools.some((p) => p.scan?.state === 'in-progress'))
        this.timer = setTimeout(() => void this.refresh(), this.deps.scanIntervalMs);
    })();
    return this.refreshing;
  }

  override dispose(): void {
    clearTimeout(this.timer);
    super.dispose();
  }

  /** What a button in the view does (the tests call it as a click would). */
  async runAction(action: ZfsAction, pool?: string): Promise<void> {
    const target = pool ?? this.input?.pools[0]?.name;
    switch (action) {
      case 'refresh':
        return this.refresh();
      case 'copyReport': {
        const state = this.state();
        if (!state) return;
        await vscode.env.clipboard.writeText(zfsHealthMarkdown(state));
        vscode.window.setStatusBarMessage('Copied the ZFS health report as Markdown', 3000);
        return;
      }
      case 'scrub':
      case 'stopScrub':
      case 'clear': {
        // a second click while the host works is not a second request (the button waits anyway)
        if (!target || this.pending.has(target)) return;
        const { data, dialogs, logger } = this.deps;
        const deps = { run: data.run.bind(data), confirm: dialogs.confirm.bind(dialogs), logger };
        if (await performPoolAction(deps, action, this.host, target, (work) => this.busyWith(target, action, work)))
          return this.refresh();
        return;
      }
    }
  }

  /** Shows the pool's action as under way (button disabled, "Starting scrub…") until the host answers. */
  private async busyWith<T>(pool: string, action: PoolAction, work: () => Promise<T>): Promise<T> {
    this.pending.set(pool, action);
    this.post();
    try {
      return await work();
    } finally {
      this.pending.delete(pool);
      this.post();
    }
  }

  protected receive(message: unknown): void {
    const parsed = ZfsViewMessageSchema.safeParse(message);
    if (!parsed.success) return this.ignoreMalformed('zfs health');
    const data = parsed.data;
    const work =
      data.type === 'zfs/ready'
        ? Promise.resolve(this.post())
        : data.type === 'zfs/revealGuest'
          ? this.deps.revealGuest(this.host, data.vmid)
          : this.runAction(data.action, data.pool);
    this.settle(work, `zfs health on ${this.host}`);
  }

  private post(): void {
    const state = this.state();
    if (!state) return;
    const message: ZfsHostMessage = { type: 'zfs/state', state };
    this.send(message, state);
  }
}
