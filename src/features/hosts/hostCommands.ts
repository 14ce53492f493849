import * as vscode from 'vscode';
import * as z from 'zod';
import type { Dialogs } from '../../platform/confirm';
import type { PveSettings } from '../../platform/settings';
import { openSshTerminal } from '../../platform/sshTerminal';
import type { HostSessions } from './hostSessions';

const hostNodeSchema = z.union([
  z.object({ host: z.object({ name: z.string() }) }).transform((n) => n.host.name),
  z.object({ retryHost: z.string() }).transform((n) => n.retryHost),
]);

/** A command may get a host's tree node, a failed host's message row, a host name, or nothing (then we ask). */
export async function pickHostName(
  settings: PveSettings,
  given: unknown,
  placeHolder: string,
): Promise<string | undefined> {
  if (typeof given === 'string') return given;
  const node = hostNodeSchema.safeParse(given);
  if (node.success) return node.data;
  const hosts = settings.readHosts().hosts;
  if (hosts.length === 0) {
    const add = 'Add Host…';
    if ((await vscode.window.showInformationMessage('No Proxmox hosts are configured yet.', add)) === add)
      await vscode.commands.executeCommand('pve.hosts.add');
    return undefined;
  }
  if (hosts.length === 1) return hosts[0]?.name;
  const picked = await vscode.window.showQuickPick(
    hosts.map((h) => ({ label: h.name, description: h.host })),
    { placeHolder },
  );
  return picked?.label;
}

export async function connectHost(sessions: HostSessions, settings: PveSettings, given: unknown): Promise<void> {
  const name = await pickHostName(settings, given, 'Connect to which host?');
  if (!name) return;
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Connecting to ${name}…` },
    () => sessions.connection(name, { skipBackoff: true }),
  );
}

export async function disconnectHost(sessions: HostSessions, settings: PveSettings, given: unknown): Promise<void> {
  const name = await pickHostName(settings, given, 'Disconnect which host?');
  if (name) sessions.disconnect(name);
}

export async function removeHost(
  sessions: HostSessions,
  settings: PveSettings,
  dialogs: Dialogs,
  given: unknown,
): Promise<void> {
  const name = await pickHostName(settings, given, 'Remove which host?');
  if (!name) return;
  if (
    !(await dialogs.confirm(
      `Remove ${name} from Proxmox Ops?`,
      'Nothing changes on the host itself. Its trusted host key is kept until you forget it.',
      'Remove',
      'Keep Host',
    ))
  )
    return;
  sessions.disconnect(name);
  await settings.writeHosts(settings.readHosts().hosts.filter((h) => h.name !== name));
}

export async function forgetHostKey(sessions: HostSessions, settings: PveSettings, given: unknown): Promise<void> {
  const name = await pickHostName(settings, given, 'Forget the trusted key of which host?');
  if (!name) return;
  const { host, port } = await sessions.resolvedAddress(name);
  const removed = await sessions.trustStore.remove(host, port);
  sessions.disconnect(name);
  void vscode.window.showInformationMessage(
    removed
      ? `Forgot ${removed} trusted key(s) of ${name}. The next connection asks again.`
      : `Proxmox Ops had no trusted key for ${name}. Keys in ~/.ssh/known_hosts are managed with ssh-keygen -R.`,
  );
}

export async function openHostShell(sessions: HostSessions, settings: PveSettings, given: unknown): Promise<void> {
  const name = await pickHostName(settings, given, 'Open a shell on which host?');
  if (!name) return;
  openSshTerminal(`${name} (ssh)`, () => sessions.connection(name)).show();
}
