import * as vscode from 'vscode';
import { summarizePoolErrors } from '../../domain/zfs/parseZpoolStatus';
import { DamageAnnouncer } from '../../domain/zfs/newDamage';
import { poolSeverity } from '../../domain/zfs/poolSeverity';
import { BuiltinCommands, Commands } from '../../ids';
import type { ExplorerData } from './explorerData';

/**
 * The active host in the status bar; it turns to a warning when a ZFS pool is not healthy or a
 * guest is locked, the two things the pve2 incident taught to watch.
 */
export class HostStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('pve.status', vscode.StatusBarAlignment.Left, 50);
  private activeHost: string | undefined;
  private readonly announcer = new DamageAnnouncer();

  constructor(private readonly data: ExplorerData) {
    this.item.name = 'Proxmox host';
    this.item.command = BuiltinCommands.focusExplorer;
  }

  get host(): string | undefined {
    return this.activeHost;
  }

  async show(hostName: string | undefined): Promise<void> {
    this.activeHost = hostName;
    if (!hostName) {
      this.item.hide();
      return;
    }
    try {
      const [inventory, pools] = await Promise.all([this.data.inventory(hostName), this.data.pools(hostName)]);
      if (this.activeHost !== hostName) return;
      const badPools = pools.filter((pool) => poolSeverity(pool) !== 'ok');
      this.announce(hostName, this.announcer.fresh(hostName, pools));
      const locked = inventory.guests.filter((guest) => guest.lock);
      const problems = [
        ...badPools.map((pool) => `${pool.name} ${pool.state}: ${summarizePoolErrors(pool)}`),
        ...locked.map((guest) => `${guest.vmid} ${guest.name} locked (${guest.lock ?? ''})`),
      ];
      this.item.text = problems.length ? `$(warning) ${hostName}` : `$(server) ${hostName}`;
      this.item.tooltip = problems.length ? `${hostName}\n${problems.join('\n')}` : `${hostName}: pools healthy, no locked guests`;
      this.item.backgroundColor = problems.length ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    } catch (error) {
      this.item.text = `$(debug-disconnect) ${hostName}`;
      this.item.tooltip = error instanceof Error ? error.message : String(error);
      this.item.backgroundColor = undefined;
    }
    this.item.show();
  }

  /** New damaged files get one notification, with the way to the health panel. */
  private announce(hostName: string, fresh: { pool: string; entry: string }[]): void {
    if (fresh.length === 0) return;
    const first = fresh[0];
    const what = fresh.length === 1 && first ? `${first.entry} on ${first.pool}` : `${fresh.length} files on ${[...new Set(fresh.map((f) => f.pool))].join(', ')}`;
    void vscode.window.showWarningMessage(`${hostName}: ZFS found permanent errors in ${what}.`, 'Show ZFS Health').then((choice) => {
      if (choice) void vscode.commands.executeCommand(Commands.showZfsHealth, { hostName });
    });
  }

  dispose(): void {
    this.item.dispose();
  }
}
