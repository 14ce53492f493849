import * as vscode from 'vscode';
import { summarizePoolErrors } from '../../domain/zfs/parseZpoolStatus';
import { DamageAnnouncer } from '../../domain/zfs/newDamage';
import { poolSeverity } from '../../domain/zfs/poolSeverity';
import { BuiltinCommands, Commands } from '../../ids';
import type { ConnectionState } from '../hosts/hostSessions';
import type { HostModel } from '../../pve/hostModel';
import { errorMessage } from '../../shared/errorMessage';

/**
 * The active host in the status bar; it turns to a warning when a ZFS pool is not healthy or a
 * guest is locked, the two things the pve2 incident taught to watch. It follows the connection:
 * a host that is not connected shows as such, without the warnings of its last look.
 */
export class HostStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('pve.status', vscode.StatusBarAlignment.Left, 50);
  private activeHost: string | undefined;
  private readonly announcer = new DamageAnnouncer();
  /** Counts the calls of show(), so a slow look at the host cannot overwrite what a later call showed. */
  private generation = 0;
  private current: StatusBarView | undefined;

  constructor(
    private readonly data: HostModel,
    private readonly connectionState: (host: string) => ConnectionState,
  ) {
    this.item.name = 'Proxmox host';
    this.item.command = BuiltinCommands.focusExplorer;
  }

  get host(): string | undefined {
    return this.activeHost;
  }

  /** What the item shows now; undefined while it is hidden (the tests read it). */
  get shown(): StatusBarView | undefined {
    return this.current;
  }

  async show(hostName: string | undefined): Promise<void> {
    const generation = ++this.generation;
    this.activeHost = hostName;
    if (!hostName) return this.render(undefined);
    // What is known of a host that is not connected is old news: its warning would outlive the
    // connection (seen after a refused host key). Say how the connection is instead.
    const state = this.connectionState(hostName);
    if (state.status !== 'connected') return this.render(offlineView(hostName, state));
    let view: StatusBarView;
    try {
      const [inventory, pools] = await Promise.all([this.data.inventory(hostName), this.data.pools(hostName)]);
      if (generation !== this.generation) return;
      const badPools = pools.filter((pool) => poolSeverity(pool) !== 'ok');
      this.announce(hostName, this.announcer.fresh(hostName, pools));
      const locked = inventory.guests.filter((guest) => guest.lock);
      const problems = [
        ...badPools.map((pool) => `${pool.name} ${pool.state}: ${summarizePoolErrors(pool)}`),
        ...locked.map((guest) => `${guest.vmid} ${guest.name} locked (${guest.lock ?? ''})`),
      ];
      view = problems.length
        ? { text: `$(warning) ${hostName}`, tooltip: `${hostName}\n${problems.join('\n')}`, warning: true }
        : { text: `$(server) ${hostName}`, tooltip: `${hostName}: pools healthy, no locked guests`, warning: false };
    } catch (error) {
      if (generation !== this.generation) return;
      view = { text: `$(debug-disconnect) ${hostName}`, tooltip: errorMessage(error), warning: false };
    }
    this.render(view);
  }

  private render(view: StatusBarView | undefined): void {
    this.current = view;
    if (view) {
      this.item.text = view.text;
      this.item.tooltip = view.tooltip;
      this.item.backgroundColor = view.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
      this.item.show();
    } else this.item.hide();
  }

  /** New damaged files get one notification, with the way to the health panel. */
  private announce(hostName: string, fresh: { pool: string; entry: string }[]): void {
    if (fresh.length === 0) return;
    const first = fresh[0];
    const what =
      fresh.length === 1 && first
        ? `${first.entry} on ${first.pool}`
        : `${fresh.length} files on ${[...new Set(fresh.map((f) => f.pool))].join(', ')}`;
    void vscode.window
      .showWarningMessage(`${hostName}: ZFS found permanent errors in ${what}.`, 'Show ZFS Health')
      .then((choice) => {
        if (choice) void vscode.commands.executeCommand(Commands.showZfsHealth, { hostName });
      });
  }

  dispose(): void {
    this.item.dispose();
  }
}

export interface StatusBarView {
  text: string;
  tooltip: string;
  /** shown on the warning background */
  warning: boolean;
}

function offlineView(hostName: string, state: Exclude<ConnectionState, { status: 'connected' }>): StatusBarView {
  if (state.status === 'connecting')
    return { text: `$(sync~spin) ${hostName}`, tooltip: `${hostName}: connecting…`, warning: false };
  return {
    text: `$(debug-disconnect) ${hostName}`,
    tooltip: `${hostName}: not connected${state.reason ? ` (${state.reason})` : ''}`,
    warning: false,
  };
}
