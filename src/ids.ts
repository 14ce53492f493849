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
  filterExplorer: 'pve.explorer.filter',
  clearExplorerFilter: 'pve.explorer.clearFilter',
  startGuest: 'pve.guest.start',
  shutdownGuest: 'pve.guest.shutdown',
  stopGuest: 'pve.guest.stop',
  rebootGuest: 'pve.guest.reboot',
  openGuestShell: 'pve.guest.openShell',
  showGuestConfig: 'pve.guest.showConfig',
  unlockGuest: 'pve.guest.unlock',
  showGuestBackups: 'pve.guest.showBackups',
  copyGuestVmid: 'pve.guest.copyVmid',
  openNodeShell: 'pve.node.openShell',
  testStorageWrite: 'pve.storage.testWrite',
  scrubPool: 'pve.pool.scrub',
  stopPoolScrub: 'pve.pool.stopScrub',
  clearPoolErrors: 'pve.pool.clearErrors',
  openTask: 'pve.task.open',
  runRunbookBlock: 'pve.runbook.run',
  stopRunbookBlock: 'pve.runbook.stop',
  runRunbookSection: 'pve.runbook.runSection',
  runRunbookBlockInTerminal: 'pve.runbook.runInTerminal',
  copyRunbookBlock: 'pve.runbook.copy',
  showRunbookOutput: 'pve.runbook.showOutput',
  showRunbookHistory: 'pve.runbook.showHistory',
  openRemoteFile: 'pve.remote.openFile',
  editVzdumpConf: 'pve.vzdump.editConfig',
  createVzdumpTmpdir: 'pve.vzdump.createTmpdir',
  startBackup: 'pve.backup.start',
  openBackupMonitor: 'pve.backup.openMonitor',
  showRunningBackups: 'pve.backup.showRunning',
  cleanUpStuckBackup: 'pve.backup.cleanUpStuck',
  showZfsHealth: 'pve.zfs.showHealth',
  checkHostHealth: 'pve.health.check',
  showLog: 'pve.log.show',
  openReadme: 'pve.help.openReadme',
  openWalkthrough: 'pve.help.openWalkthrough',
  openExampleRunbook: 'pve.help.openExampleRunbook',
} as const;

/** Commands VS Code creates by itself for our contributions (not declared in package.json). */
export const BuiltinCommands = {
  focusExplorer: 'pve.explorer.focus',
} as const;

export const WALKTHROUGH_ID = 'pve.gettingStarted';

export const Views = {
  container: 'pve',
  explorer: 'pve.explorer',
} as const;

export const Settings = {
  hosts: 'pve.hosts',
  strictHostKeyChecking: 'pve.ssh.strictHostKeyChecking',
  sshAgent: 'pve.ssh.agent',
  explorerRefreshSeconds: 'pve.explorer.refreshSeconds',
  runbookRunUntagged: 'pve.runbook.runUntagged',
  runbookConfirm: 'pve.runbook.confirm',
  backupModeByGuest: 'pve.backup.modeByGuest',
  healthMaxBackupAgeDays: 'pve.health.maxBackupAgeDays',
} as const;

export const OUTPUT_CHANNEL_NAME = 'Proxmox';

export const ContextKeys = {
  explorerFiltered: 'pve.explorerFiltered',
  hasHosts: 'pve.hasHosts',
  noHosts: 'pve.noHosts',
  anyHostConnected: 'pve.anyHostConnected',
  hostBrowsed: 'pve.hostBrowsed',
  runbookBlockRun: 'pve.runbookBlockRun',
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];
