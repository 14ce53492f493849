import * as assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import * as vscode from 'vscode';
import type { PveOpsApi } from '../../src/extension';
import type { ExplorerNode } from '../../src/features/explorer/explorerNodes';
import { Commands, Settings } from '../../src/ids';
import { killLabSshConnections, labSsh } from '../lab/runtime/labClient';
import { configureLabHost, extensionApi, labInfo, resetLab, trustLabHostKey } from './support/lab';
import { waitUntil } from '../support/waitUntil';

// The Proxmox view inside a real VS Code, against the lab's seed state.

type Found<K extends ExplorerNode['kind']> = Extract<ExplorerNode, { kind: K }>;

describe('Explorer against the lab', function () {
  this.timeout(120_000);
  let api: PveOpsApi;
  const provider = () => api.explorer.provider;

  const labelOf = (node: ExplorerNode) => {
    const label = provider().getTreeItem(node).label;
    return typeof label === 'string' ? label : (label?.label ?? '');
  };
  async function children(node?: ExplorerNode): Promise<ExplorerNode[]> {
    return provider().getChildren(node);
  }
  async function find<K extends ExplorerNode['kind']>(
    parent: ExplorerNode | undefined,
    kind: K,
    label: string,
  ): Promise<Found<K>> {
    for (const child of await children(parent)) {
      if (child.kind === kind && labelOf(child).startsWith(label)) return child as Found<K>;
    }
    throw new Error(`no ${kind} "${label}" under ${parent ? labelOf(parent) : 'the root'}`);
  }
  const describe_ = (node: ExplorerNode) => provider().getTreeItem(node).description;
  const group = async (name: string) =>
    find(await find(await find(undefined, 'host', 'pve2'), 'node', 'pve2'), 'group', name);
  const guestNode = async (label: string) => find(await group('Containers'), 'guest', label);

  before(async () => {
    await resetLab('seed');
    api = await extensionApi();
    const lab = labInfo();
    await configureLabHost(lab);
    await trustLabHostKey(api, lab);
    api.dialogs.confirm = () => Promise.resolve(true); // the tests answer "yes" where a user would confirm
    provider().refresh();
  });

  after(async () => {
    api?.sessions.disconnect('pve2');
    await vscode.workspace.getConfiguration().update(Settings.hosts, [], vscode.ConfigurationTarget.Global);
  });

  it("lists the seed's containers with their states", async () => {
    const guests = (await children(await group('Containers'))).map((node) => [
      labelOf(node),
      provider().getTreeItem(node).contextValue,
    ]);
    assert.deepEqual(guests, [
      ['1008 caddy', 'guest:lxc:running'],
      ['1031 docker', 'guest:lxc:running'],
      ['1034 plex', 'guest:lxc:running'],
      ['10006 dashy', 'guest:lxc:stopped'],
    ]);
    assert.match(String(describe_(await guestNode('1031'))), /^running · up .+ · .+ of 8\.0 GiB$/);
    assert.equal(describe_(await group('Containers')), '4');
  });

  it('shows the bind mount of CT 1031 as not in backups in its tooltip', async () => {
    const node = await guestNode('1031');
    const item = await provider().resolveTreeItem(provider().getTreeItem(node), node);
    const tooltip = item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : String(item.tooltip);
    assert.match(tooltip, /mp0 → \/mnt\/Main: `\/mnt\/Main` — \*bind mount, not in backups\*/);
    assert.match(tooltip, /hostname: docker/);
    // The volume id reads as on the host: a code span shows backslash escapes as they are.
    const rendered = new MarkdownIt().render(tooltip);
    assert.match(rendered, /rootfs: <code>local:1031\/vm-1031-disk-0\.raw<\/code>/);
    assert.doesNotMatch(rendered, /\\/);
  });

  it("lists the seed's storages with type and usage", async () => {
    const storages = await children(await group('Storage'));
    const described = Object.fromEntries(storages.map((node) => [labelOf(node), String(describe_(node))]));
    assert.deepEqual(Object.keys(described), ['ext', 'local', 'local-zfs', 'truenas-bu']);
    assert.match(described['truenas-bu'] ?? '', /^nfs · \d+% of [\d.]+ [KMGT]iB$/);
    assert.match(described['local-zfs'] ?? '', /^zfspool · /);
  });

  it('lists the backup archives of a backup storage', async () => {
    const local = await find(await group('Storage'), 'storage', 'local');
    const archives = await children(local);
    assert.deepEqual(
      archives.map(labelOf),
      archives.map((a) => (a.kind === 'backup' ? (a.item.volid.split('/').pop() ?? '') : '')),
    );
    assert.equal(archives.length, 1);
    assert.match(labelOf(archives[0] as ExplorerNode), /^vzdump-lxc-1034-\d{4}_\d\d_\d\d-\d\d_\d\d_\d\d\.tar\.zst$/);
    assert.match(
      String(describe_(archives[0] as ExplorerNode)),
      /^CT\/VM 1034 · [\d.]+ KiB · \d{4}-\d\d-\d\d \d\d:\d\d$/,
    );
  });

  it('lists recent tasks with their outcome, the failed NFS backup among them', async () => {
    const tasks = await children(await group('Tasks'));
    const backup = tasks.find((t) => t.kind === 'task' && t.task.type === 'vzdump' && t.task.id === '1031');
    assert.ok(backup, 'the seed has a failed vzdump of 1031');
    assert.match(String(describe_(backup)), /^job errors · /);
    assert.equal(provider().getTreeItem(backup).contextValue, 'task:vzdump:error');
  });

  it('runs the write test on truenas-bu step by step, and names the refused step under the NFS ACL switch', async () => {
    const storage = async () => find(await group('Storage'), 'storage', 'truenas-bu');
    const passed = await vscode.commands.executeCommand<Array<{ step: string; ok: boolean }>>(
      Commands.testStorageWrite,
      await storage(),
    );
    assert.deepEqual(
      passed.map((s) => [s.step, s.ok]),
      [
        ['create', true],
        ['timestamp', true],
        ['chown', true],
        ['chmod', true],
        ['remove', true],
      ],
    );
    await resetLab('seed', 'nfs-acl');
    try {
      const refused = await vscode.commands.executeCommand<Array<{ step: string; ok: boolean; message: string }>>(
        Commands.testStorageWrite,
        await storage(),
      );
      assert.deepEqual(
        refused.map((s) => [s.step, s.ok]),
        [
          ['create', true],
          ['timestamp', true],
          ['chown', false],
          ['chmod', false],
          ['remove', true],
        ],
      );
      assert.match(refused[2]?.message ?? '', /Operation not permitted/);
    } finally {
      await resetLab('seed');
    }
  });

  it('shows the damaged rpool with its permanent errors and CKSUM counts on both mirror sides', async () => {
    const pool = await find(await group('ZFS Pools'), 'pool', 'rpool');
    assert.match(String(describe_(pool)), /^ONLINE · 3 files with permanent errors$/);
    assert.match(String(provider().getTreeItem(pool).contextValue), /^pool:ONLINE:unhealthy/);
    const [mirror] = await children(pool);
    assert.ok(mirror?.kind === 'vdev' && mirror.vdev.name.startsWith('mirror'));
    const disks = await children(mirror);
    assert.deepEqual(
      disks.map((d) => (d.kind === 'vdev' ? d.vdev.name : '')),
      ['ata-TEAM_T253256GB_TPBF2212130080607072-part3', 'ata-TEAM_T2531TB_TPBG2212130010401358-part3'],
    );
    for (const disk of disks)
      assert.ok(
        disk.kind === 'vdev' && disk.vdev.cksum > 0,
        `${disk.kind === 'vdev' ? disk.vdev.name : ''} has no CKSUM errors`,
      );
  });

  it('starts and stops a container, and the tree follows', async () => {
    await vscode.commands.executeCommand(Commands.startGuest, await guestNode('10006'));
    assert.match((await labSsh('pct status 10006')).stdout, /status: running/);
    assert.equal(provider().getTreeItem(await guestNode('10006')).contextValue, 'guest:lxc:running');
    await vscode.commands.executeCommand(Commands.stopGuest, await guestNode('10006'));
    assert.match((await labSsh('pct status 10006')).stdout, /status: stopped/);
    assert.equal(provider().getTreeItem(await guestNode('10006')).contextValue, 'guest:lxc:stopped');
  });

  it('unlocks a locked container after confirming', async () => {
    await labSsh("sed -i '1i lock: backup' /etc/pve/lxc/1034.conf");
    provider().refresh('pve2');
    assert.equal(provider().getTreeItem(await guestNode('1034')).contextValue, 'guest:lxc:running:locked');
    await vscode.commands.executeCommand(Commands.unlockGuest, await guestNode('1034'));
    assert.doesNotMatch((await labSsh('cat /etc/pve/lxc/1034.conf')).stdout, /^lock:/m);
    assert.equal(provider().getTreeItem(await guestNode('1034')).contextValue, 'guest:lxc:running');
  });

  it('shows a dropped connection on the host item and recovers on refresh', async () => {
    const host = await find(undefined, 'host', 'pve2');
    await api.sessions.connection('pve2');
    const dropped = new Promise<void>((resolve) => {
      const listener = api.sessions.onDidChangeState(({ state }) => {
        if (state.status === 'disconnected') {
          listener.dispose();
          resolve();
        }
      });
    });
    assert.ok(killLabSshConnections() > 0);
    await dropped;
    assert.match(String(describe_(host)), /^disconnected: connection lost/);
    provider().refresh('pve2');
    assert.equal((await children(await find(undefined, 'host', 'pve2')))[0]?.kind, 'node');
    assert.equal(describe_(host), 'connected');
  });

  it('takes the pool warning off the status bar while a refused host key keeps pve2 disconnected, and brings it back on reconnect', async () => {
    const bar = api.explorer.statusBar;
    const lab = labInfo();
    await api.sessions.connection('pve2');
    await bar.show('pve2');
    assert.equal(bar.shown?.warning, true, `the seed's damaged rpool: ${JSON.stringify(bar.shown)}`);
    assert.match(bar.shown?.tooltip ?? '', /rpool ONLINE/);

    // The host key is no longer trusted and the prompt is dismissed: the connection is refused.
    const choose = api.dialogs.choose.bind(api.dialogs);
    api.dialogs.choose = () => Promise.resolve(undefined);
    try {
      await api.sessions.trustStore.remove(lab.host, lab.port);
      assert.ok(killLabSshConnections() > 0);
      await waitUntil('the dropped connection', () => api.sessions.state('pve2').status === 'disconnected');
      await vscode.commands.executeCommand(Commands.connectHost, 'pve2');
      assert.match(JSON.stringify(api.sessions.state('pve2')), /not trusted/);
      const refused = await waitUntil('the status bar to follow the refusal', () =>
        /not trusted/.test(bar.shown?.tooltip ?? '') ? bar.shown : undefined,
      );
      assert.equal(refused.warning, false);
      assert.equal(refused.text, '$(debug-disconnect) pve2');
      assert.match(refused.tooltip, /^pve2: not connected \(.*host key .* was not trusted/);
    } finally {
      api.dialogs.choose = choose;
      await trustLabHostKey(api, lab);
    }

    await vscode.commands.executeCommand(Commands.connectHost, 'pve2');
    const back = await waitUntil('the warning to come back', () => (bar.shown?.warning ? bar.shown : undefined));
    assert.equal(back.text, '$(warning) pve2');
  });
});
