import * as vscode from 'vscode';
import { ExpectedError } from '../../domain/errors';
import { proxmoxApi, type GuestAction } from '../../domain/proxmox/api';
import { backupStoragesOf, type GuestInfo } from '../../domain/proxmox/inventory';
import { formatBytes, formatDateTime } from '../../shared/format';
import type { Logger } from '../../domain/logging/logger';
import type { Dialogs } from '../../platform/confirm';
import { openSshTerminal } from '../../platform/sshTerminal';
import { followTask } from '../../pve/tasks/followTask';
import type { HostSessions } from '../hosts/hostSessions';
import type { HostModel } from '../../pve/hostModel';
import type { NodeOf } from './explorerNodes';
import type { ExplorerActivity } from './explorerActivity';

type GuestNode = NodeOf<'guest'>;

const ACTION_WORDS: Record<GuestAction, { doing: string; done: string }> = {
  start: { doing: 'Starting', done: 'started' },
  stop: { doing: 'Stopping', done: 'stopped' },
  shutdown: { doing: 'Shutting down', done: 'shut down' },
  reboot: { doing: 'Rebooting', done: 'rebooted' },
};

/** Actions that interrupt what runs in the guest ask first; start and a clean shutdown do not. */
const DISRUPTIVE: Partial<
  Record<GuestAction, { message: (guests: string) => string; detail: string; action: string }>
> = {
  stop: {
    message: (guests) => `Stop ${guests} now?`,
    detail:
      'Stopping is like pulling the power: unsaved data inside the guest is lost. Shutdown asks the guest to stop cleanly.',
    action: 'Stop',
  },
  reboot: {
    message: (guests) => `Reboot ${guests} now?`,
    detail: 'Its services are down until it is back, and connections to them drop.',
    action: 'Reboot',
  },
};

/** Commands get the clicked node and, for multi-select, every selected node. */
export function selectedGuests(clicked: unknown, selected: unknown): GuestNode[] {
  const all = Array.isArray(selected) && selected.length ? selected : [clicked];
  return all.filter(
    (node): node is GuestNode =>
      typeof node === 'object' && node !== null && (node as { kind?: unknown }).kind === 'guest',
  );
}

export class GuestCommands {
  constructor(
    private readonly sessions: HostSessions,
    private readonly data: HostModel,
    private readonly activity: ExplorerActivity,
    private readonly dialogs: Dialogs,
    private readonly logger: Logger,
  ) {}

  async act(action: GuestAction, guests: GuestNode[]): Promise<void> {
    if (guests.length === 0) throw new ExpectedError('Select a container or VM in the Proxmox view first.');
    const question = DISRUPTIVE[action];
    if (
      question &&
      !(await this.dialogs.confirm(
        question.message(describeList(guests)),
        question.detail,
        question.action,
        'Keep Running',
      ))
    )
      return;
    const words = ACTION_WORDS[action];
    this.logger.info(
      `${action} ${guests.map(({ hostName, guest }) => `${guest.vmid} on ${hostName}/${guest.node}`).join(', ')}`,
    );
    await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `${words.doing} ${describeList(guests)}`,
        cancellable: false,
      },
      async (progress) => {
        const failures: string[] = [];
        await Promise.all(
          guests.map(({ hostName, guest }) =>
            this.activity.during(hostName, async () => {
              const upid = await this.data.run(
                hostName,
                proxmoxApi.guestAction(guest.node, guest.type, guest.vmid, action),
              );
              progress.report({ message: `${guest.vmid}: task started` });
              const outcome = await followTask((op) => this.data.run(hostName, op), guest.node, upid);
              if (!outcome.ok)
                failures.push(
                  `${guest.vmid} ${guest.name}: ${outcome.exitStatus}${outcome.errorLines.length ? `\n${outcome.errorLines.join('\n')}` : ''}`,
                );
            }),
          ),
        );
        if (failures.length)
          throw new ExpectedError(
            `Could not ${action} ${failures.length === 1 ? 'the guest' : `${failures.length} guests`}:\n${failures.join('\n')}`,
          );
        void vscode.window.showInformationMessage(`${describeList(guests)} ${words.done}.`);
      },
    );
  }

  async unlock(node: GuestNode): Promise<void> {
    const { guest, hostName } = node;
    const detail =
      `Proxmox sets "lock: ${guest.lock ?? '?'}" while a task works on the guest. Remove it only ` +
      `when no such task still runs (check Tasks), otherwise that task and the guest can end up inconsistent.`;
    if (!(await this.dialogs.confirm(`Unlock ${guest.vmid} ${guest.name}?`, detail, 'Unlock', 'Keep Locked'))) return;
    await this.activity.during(hostName, () => this.data.run(hostName, proxmoxApi.unlockGuest(guest.type, guest.vmid)));
    this.logger.info(`unlocked ${guest.vmid} ${guest.name} on ${hostName} (its lock was "${guest.lock ?? '?'}")`);
    void vscode.window.showInformationMessage(`${guest.vmid} ${guest.name} unlocked.`);
  }

  openShell(node: GuestNode): void {
    const { guest, hostName } = node;
    if (guest.type !== 'lxc')
      throw new ExpectedError('Open Shell works for containers; use the VM console for virtual machines.');
    openSshTerminal(`${guest.vmid} ${guest.name}`, () => this.sessions.connection(hostName), [
      'pct',
      'enter',
      String(guest.vmid),
    ]).show();
  }

  async showBackups(node: GuestNode): Promise<void> {
    const { guest, hostName } = node;
    const inventory = await this.data.inventory(hostName);
    const storages = backupStoragesOf(inventory, guest.node).filter((s) => s.status === 'available');
    const lists = await Promise.all(
      storages.map(async (s) =>
        (await this.data.backups(hostName, s.node, s.storage))
          .filter((b) => b.vmid === guest.vmid)
          .map((b) => ({ storage: s.storage, backup: b })),
      ),
    );
    const backups = lists.flat().sort((a, b) => (b.backup.ctime ?? 0) - (a.backup.ctime ?? 0));
    if (backups.length === 0) {
      void vscode.window.showWarningMessage(
        `${guest.vmid} ${guest.name} has no backup on ${storages.map((s) => s.storage).join(', ') || 'any backup storage'}.`,
      );
      return;
    }
    const picked = await vscode.window.showQuickPick(
      backups.map(({ storage, backup }) => ({
        label: backup.volid.split('/').pop() ?? backup.volid,
        description: [
          storage,
          backup.size !== undefined ? formatBytes(backup.size) : undefined,
          backup.ctime ? formatDateTime(backup.ctime) : undefined,
        ]
          .filter(Boolean)
          .join(' · '),
        volid: backup.volid,
      })),
      { title: `Backups of ${guest.vmid} ${guest.name}`, placeHolder: 'Pick one to copy its volume id' },
    );
    if (picked) await vscode.env.clipboard.writeText(picked.volid);
  }

  async copyVmid(node: GuestNode): Promise<void> {
    await vscode.env.clipboard.writeText(String(node.guest.vmid));
    vscode.window.setStatusBarMessage(`Copied ${node.guest.vmid}`, 2000);
  }
}

function describeList(guests: GuestNode[]): string {
  if (guests.length === 1 && guests[0]) return describeGuestName(guests[0].guest);
  return `${guests.length} guests`;
}

function describeGuestName(guest: GuestInfo): string {
  return `${guest.vmid} ${guest.name}`.trim();
}
