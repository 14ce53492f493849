import * as vscode from 'vscode';
import { ExpectedError } from '../../domain/errors';
import { hostConfigSchema, parseAddress, validateHostName, type HostConfig } from '../../domain/hosts/hostConfig';
import { listSshConfigAliases } from '../../remote/sshConfigResolver';
import type { PveSettings } from '../../platform/settings';

/**
 * "Add Host…": asks for a name, an address and a user, then appends the host to `pve.hosts`.
 * A caller (a test, the walkthrough) may pass a complete host instead; it is validated the same way.
 */
export async function addHost(settings: PveSettings, given?: unknown): Promise<HostConfig | undefined> {
  const existing = settings.readHosts().hosts;
  const host = given === undefined ? await askForHost(existing) : parseGivenHost(given, existing);
  if (!host) return undefined;
  await settings.writeHosts([...existing, host]);
  void vscode.window.showInformationMessage(`Added ${host.name}. It is saved in your user settings (pve.hosts).`);
  return host;
}

function parseGivenHost(given: unknown, existing: readonly HostConfig[]): HostConfig {
  const parsed = hostConfigSchema.safeParse(given);
  if (!parsed.success)
    throw new ExpectedError(`Cannot add host: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  const clash = validateHostName(parsed.data.name, existing);
  if (clash) throw new ExpectedError(clash);
  return parsed.data;
}

async function askForHost(existing: readonly HostConfig[]): Promise<HostConfig | undefined> {
  const alias = await pickSshConfigAlias(existing);
  if (alias === null) return undefined;
  if (alias !== undefined) return hostConfigSchema.parse({ name: alias, host: alias });
  const name = await vscode.window.showInputBox({
    title: 'Add Proxmox Host (1/3)',
    prompt: 'A short name for this host, shown in the sidebar',
    placeHolder: 'pve2',
    ignoreFocusOut: true,
    validateInput: (value) => validateHostName(value, existing),
  });
  if (name === undefined) return undefined;

  const address = await vscode.window.showInputBox({
    title: 'Add Proxmox Host (2/3)',
    prompt: 'Address of the host, optionally with an SSH port',
    placeHolder: '192.168.1.20 or pve2.lan:2222',
    ignoreFocusOut: true,
    validateInput: (value) => {
      const parsed = parseAddress(value);
      return 'error' in parsed ? parsed.error : undefined;
    },
  });
  if (address === undefined) return undefined;
  const target = parseAddress(address);
  if ('error' in target) return undefined;

  const username = await vscode.window.showInputBox({
    title: 'Add Proxmox Host (3/3)',
    prompt: 'SSH user (commands run through sudo when it is not root)',
    value: 'root',
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() ? undefined : 'Enter a user name, for example root.'),
  });
  if (username === undefined) return undefined;

  return hostConfigSchema.parse({ name: name.trim(), ...target, username: username.trim() });
}

const ENTER_ADDRESS = '$(edit) Enter a name and address…';

/**
 * Offers the Host aliases of ~/.ssh/config (their HostName, Port, User, IdentityFile and
 * ProxyJump then apply, as with ssh). undefined: type an address; null: the user cancelled.
 */
async function pickSshConfigAlias(existing: readonly HostConfig[]): Promise<string | undefined | null> {
  const taken = new Set(existing.map((h) => h.name));
  const aliases = (await listSshConfigAliases()).filter((alias) => !taken.has(alias));
  if (aliases.length === 0) return undefined;
  const picked = await vscode.window.showQuickPick(
    [{ label: ENTER_ADDRESS }, ...aliases.map((alias) => ({ label: alias, description: 'from ~/.ssh/config' }))],
    {
      title: 'Add Proxmox Host',
      placeHolder: 'Pick a host from ~/.ssh/config, or enter a new address',
      ignoreFocusOut: true,
    },
  );
  if (!picked) return null;
  return picked.label === ENTER_ADDRESS ? undefined : picked.label;
}
