// Every id the extension contributes, in one place. package.json must declare each of these
// (a test checks both directions), so renaming starts here.

export const EXTENSION_ID = 'pve-ops.pve-ops';

export const Commands = {
  addHost: 'pve.hosts.add',
  removeHost: 'pve.hosts.remove',
  connectHost: 'pve.hosts.connect',
  disconnectHost: 'pve.hosts.disconnect',
  forgetHostKey: 'pve.hosts.forgetHostKey',
  openHostShell: 'pve.hosts.openShell',
  refreshExplorer: 'pve.explorer.refresh',
  showLog: 'pve.log.show',
  openReadme: 'pve.help.openReadme',
} as const;

export const Views = {
  container: 'pve',
  explorer: 'pve.explorer',
} as const;

export const Settings = {
  hosts: 'pve.hosts',
  strictHostKeyChecking: 'pve.ssh.strictHostKeyChecking',
  sshAgent: 'pve.ssh.agent',
} as const;

export const OUTPUT_CHANNEL_NAME = 'Proxmox';

export type CommandId = (typeof Commands)[keyof typeof Commands];
