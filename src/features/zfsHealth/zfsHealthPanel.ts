import * as vscode from 'vscode';
import type { Logger } from '../../domain/logging/logger';
import { proxmoxApi } from '../../domain/proxmox/api';
import { zfsHealthMarkdown } from '../../domain/zfs/healthReport';
import { buildZfsHealthState, type ZfsHealthInput } from '../../domain/zfs/healthView';
import type { Dialogs } from '../../platform/confirm';
import { webviewHtml } from '../../platform/webviewHtml';
import { ZfsViewMessageSchema, type ZfsAction, type ZfsHealthState, type ZfsHostMessage } from '../../protocol/zfsHealth';
import type { ExplorerData } from '../explorer/explorerData';
import { CLEAR_ERRORS_DETAIL } from '../explorer/poolCommands';
import { gatherZfsHealth } from './gatherZfsHealth';

export const ZFS_HEALTH_VIEW = 'pve.zfsHealth';

export interface ZfsHealthDeps {
  extensionUri: vscode.Uri;
  data: ExplorerData;
  dialogs: Dialogs;
  logger: Logger;
  revealGuest(host: string, vmid: number): Promise<void>;
  /** milliseconds between looks while a scrub or resilver runs; the tests shorten it */
  scanIntervalMs: number;
}

/** "ZFS Health — <host>": one panel per host, refreshed on demand and while a scan runs. */
export class ZfsHealthPanel implements vscode.Disposable {
  private input: Omit<ZfsHealthInput, 'now'> | undefined;
  private error: string | undefined;
  private refreshing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private disposed = false;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<ZfsHealthState>();
  /** Fires with every state sent to the view (tests wait on it). */
  readonly onDidChange = this.changed.event;
  private readonly closed = new vscode.EventEmitter<void>();
  readonly onDidClose = this.closed.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly deps: ZfsHealthDeps,
    readonly host: string,
  ) {
    panel.title = `ZFS Health — ${host}`;
    panel.webview.options = { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(deps.extensionUri, 'dist', 'webview')] };
    panel.webview.html = webviewHtml(panel.webview, deps.extensionUri, 'zfsHealth', `ZFS Health — ${host}`);
    this.subscriptions.push(
      panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
      panel.onDidDispose(() => this.dispose()),
    );
    void this.refresh();
  }

  state(): ZfsHealthState | undefined {
    if (!this.input) return this.error ? { host: this.host, node: this.host, updatedAt: Date.now(), pools: [], refreshing: this.refreshing !== undefined, error: this.error } : undefined;
    return buildZfsHealthState({ ...this.input, now: Date.now(), refreshing: this.refreshing !== undefined, ...(this.error ? { error: this.error } : {}) });
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
        this.error = error instanceof Error ? error.message : String(error);
      } finally {
        this.refreshing = undefined;
      }
      if (this.disposed) return;
      this.post();
      clearTimeout(this.timer);
      if (this.input?.pools.some((p) => p.scan?.state === 'in-progress')) this.timer = setTimeout(() => void this.refresh(), this.deps.scanIntervalMs);
    })();
    return this.refreshing;
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
    this.closed.fire();
    this.closed.dispose();
    this.changed.dispose();
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
        if (!target) return;
        await this.deps.data.run(this.host, proxmoxApi.zpoolScrub(target, action === 'stopScrub'));
        return this.refresh();
      case 'clear':
        if (!target) return;
        if (!(await this.deps.dialogs.confirm(`Clear the errors of ${target} on ${this.host}?`, CLEAR_ERRORS_DETAIL, 'Clear Errors'))) return;
        await this.deps.data.run(this.host, proxmoxApi.zpoolClear(target));
        return this.refresh();
    }
  }

  private receive(message: unknown): void {
    const parsed = ZfsViewMessageSchema.safeParse(message);
    if (!parsed.success) {
      this.deps.logger.warn('zfs health: ignored a malformed message from the view');
      return;
    }
    const data = parsed.data;
    const work = data.type === 'zfs/ready' ? Promise.resolve(this.post()) : data.type === 'zfs/revealGuest' ? this.deps.revealGuest(this.host, data.vmid) : this.runAction(data.action, data.pool);
    void work.catch((error: unknown) => {
      const text = error instanceof Error ? error.message : String(error);
      this.deps.logger.error(`zfs health on ${this.host}: ${text}`);
      void vscode.window.showErrorMessage(text);
    });
  }

  private post(): void {
    const state = this.state();
    if (!state || this.disposed) return;
    const message: ZfsHostMessage = { type: 'zfs/state', state };
    void this.panel.webview.postMessage(message);
    this.changed.fire(state);
  }
}
