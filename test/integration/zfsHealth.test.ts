import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PveOpsApi } from '../../src/extension';
import { Commands } from '../../src/ids';
import type { ZfsHealthState } from '../../src/protocol/zfsHealth';
import type { ZfsHealthPanel } from '../../src/features/zfsHealth/zfsHealthPanel';
import type { Logger } from '../../src/domain/logging/logger';
import { configureLabHost, extensionApi, resetLab, trustLabHostKey } from './support/lab';
import { waitUntil } from '../support/waitUntil';

// The ZFS health panel against the lab's real zfs-fuse pool.

function nextState(
  panel: ZfsHealthPanel,
  accept: (state: ZfsHealthState) => boolean,
  ms = 60_000,
): Promise<ZfsHealthState> {
  const now = panel.state();
  if (now && !now.refreshing && accept(now)) return Promise.resolve(now);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      listener.dispose();
      reject(
        new Error(
          `no matching state in ${ms} ms; last: ${JSON.stringify(panel.state()?.pools[0]?.scan ?? panel.state()?.error)}`,
        ),
      );
    }, ms);
    const listener = panel.onDidChange((state) => {
      if (state.refreshing || !accept(state)) return;
      clearTimeout(timer);
      listener.dispose();
      resolve(state);
    });
  });
}

/** Every busy entry the panel sends while `work` runs, and the busy entries it ends with. */
async function busyDuring(
  panel: ZfsHealthPanel,
  work: () => Promise<void>,
): Promise<{ seen: string[]; after: string[] }> {
  const seen: string[] = [];
  const describe_ = (state: ZfsHealthState) => (state.busy ?? []).map((b) => `${b.pool} ${b.action}: ${b.text}`);
  const listener = panel.onDidChange((state) => seen.push(...describe_(state)));
  try {
    await work();
  } finally {
    listener.dispose();
  }
  const now = panel.state();
  return { seen: [...new Set(seen)], after: now ? describe_(now) : [] };
}

/** Records the info lines the panel logs (and passes every line on), until restored. */
function recordInfoLines(api: PveOpsApi): { lines: string[]; restore(): void } {
  const original = api.zfsHealth.deps.logger;
  const lines: string[] = [];
  const recording: Logger = {
    info: (message) => {
      lines.push(message);
      original.info(message);
    },
    warn: (message) => original.warn(message),
    error: (message) => original.error(message),
    trace: (message) => original.trace(message),
    debug: (message) => original.debug(message),
    scoped: (scope) => original.scoped(scope),
  };
  api.zfsHealth.deps.logger = recording;
  return { lines, restore: () => (api.zfsHealth.deps.logger = original) };
}

/** rpool as a row of the Proxmox view, for the commands on its context menu. */
async function rpoolNode(api: PveOpsApi) {
  const pool = (await api.pve.pools('pve2')).find((p) => p.name === 'rpool');
  assert.ok(pool, 'rpool');
  return { kind: 'pool' as const, hostName: 'pve2', node: 'pve2', pool };
}

/** Whether the pool's vdevs count checksum errors, as the panel last saw them. */
const hasChecksumErrors = (panel: ZfsHealthPanel) =>
  panel
    .state()
    ?.pools.find((p) => p.name === 'rpool')
    ?.vdevs.some((v) => v.cksum > 0);

describe('ZFS health in the real VS Code host, against the lab', function () {
  this.timeout(240_000);
  let api: PveOpsApi;
  let panel: ZfsHealthPanel;

  before(async () => {
    api = await extensionApi();
    const lab = await resetLab('seed');
    await configureLabHost(lab);
    await trustLabHostKey(api, lab);
    api.zfsHealth.deps.scanIntervalMs = 500;
  });

  after(async () => {
    for (const open of api.zfsHealth.panels.values()) open.panel.dispose();
    api.sessions.disconnect('pve2');
    await resetLab('seed');
    await vscode.workspace.getConfiguration().update('pve.hosts', [], vscode.ConfigurationTarget.Global);
  });

  it("maps the seed's three damaged files to CTs 10006, 1008 and 1034, with their backups", async () => {
    await vscode.commands.executeCommand(Commands.showZfsHealth, { hostName: 'pve2' });
    panel = await waitUntil('the panel', () => api.zfsHealth.panels.get('pve2'));
    const state = await nextState(panel, (s) => s.pools.length > 0);
    const rpool = state.pools.find((p) => p.name === 'rpool');
    assert.ok(rpool, `pools: ${state.pools.map((p) => p.name).join(', ')} ${state.error ?? ''}`);
    assert.equal(rpool.severity, 'warning');
    assert.deepEqual(
      rpool.damage.map((d) => [d.guest?.vmid, d.guest?.name, d.storage]),
      [
        [10006, 'dashy', 'local'],
        [1008, 'caddy', 'ext'],
        [1034, 'plex', 'ext'],
      ],
    );
    // The seed keeps one old archive of 1034 on local; the other two have none.
    assert.match(rpool.damage[2]?.backups[0]?.volid ?? '', /^local:backup\/vzdump-lxc-1034-/);
    assert.deepEqual(rpool.damage[0]?.backups, []);
    assert.ok(rpool.vdevs.some((v) => v.cksum > 0));
    // The lab's mirror is built like pve2's: two disks of different sizes.
    assert.equal(rpool.mirrorWarnings.length, 1, rpool.mirrorWarnings.join(' | '));

    await panel.runAction('copyReport');
    const report = await vscode.env.clipboard.readText();
    assert.match(report, /`\/mnt\/ext\/images\/1034\/vm-1034-disk-0\.raw` \| 1034 plex/);
  });

  it('reveals a damaged guest in the Proxmox view', async () => {
    await api.zfsHealth.deps.revealGuest('pve2', 1034);
    const selected = await waitUntil('the selection', () => {
      const [node] = api.explorer.view.selection;
      return node?.kind === 'guest' ? node : undefined;
    });
    assert.equal(selected.kind === 'guest' ? selected.guest.vmid : undefined, 1034);
  });

  it('clears the errors only when confirmed (Keep Errors first), busy until the host answers, and logs it', async () => {
    const asked: string[] = [];
    let answer = false;
    const confirm = api.dialogs.confirm.bind(api.dialogs);
    api.dialogs.confirm = (message, _detail, action, safe) => {
      asked.push(`${message} [${safe ?? ''} | ${action}]`);
      return Promise.resolve(answer);
    };
    const log = recordInfoLines(api);
    try {
      assert.equal(hasChecksumErrors(panel), true, 'the seed has checksum errors');
      const kept = await busyDuring(panel, () => panel.runAction('clear', 'rpool'));
      assert.deepEqual(asked, ['Clear the errors of rpool on pve2? [Keep Errors | Clear Errors]']);
      assert.deepEqual(kept.seen, [], 'nothing was under way');
      await panel.runAction('refresh');
      assert.equal(hasChecksumErrors(panel), true, 'kept');
      assert.deepEqual(log.lines, []);

      answer = true;
      const cleared = await busyDuring(panel, () => panel.runAction('clear', 'rpool'));
      assert.deepEqual(cleared.seen, ['rpool clear: Clearing errors…']);
      assert.deepEqual(cleared.after, []);
      assert.equal(hasChecksumErrors(panel), false, 'cleared');
      assert.deepEqual(log.lines, ['errors of rpool on pve2 cleared']);
    } finally {
      api.dialogs.confirm = confirm;
      log.restore();
    }
  });

  it('starts a real scrub and follows its progress; Stop Scrub and Scrub from the panel and the view', async () => {
    // Slow disks, so the scrub lasts long enough to be watched; the lab starts one, stop it first.
    await resetLab('seed', 'scrubbing');
    await panel.runAction('refresh');
    await nextState(panel, (s) => s.pools[0]?.scan?.state === 'in-progress');
    const log = recordInfoLines(api);
    try {
      // The panel's button waits, saying so, until the host has answered.
      const stopping = await busyDuring(panel, () => panel.runAction('stopScrub', 'rpool'));
      assert.deepEqual(stopping.seen, ['rpool stopScrub: Stopping scrub…']);
      assert.deepEqual(stopping.after, []);
      assert.deepEqual(log.lines, ['scrub of rpool on pve2 stopped']);
    } finally {
      log.restore();
    }
    await nextState(panel, (s) => s.pools[0]?.scan?.state === 'canceled');

    await vscode.commands.executeCommand(Commands.scrubPool, await rpoolNode(api));
    await panel.runAction('refresh');
    const running = await nextState(
      panel,
      (s) => s.pools[0]?.scan?.state === 'in-progress' && s.pools[0].scan.percent !== undefined,
    );
    const first = running.updatedAt;
    // Without any click the panel looks again while the scrub runs.
    const later = await nextState(panel, (s) => s.updatedAt > first && s.pools[0]?.scan?.state === 'in-progress');
    assert.ok((later.pools[0]?.scan?.percent ?? -1) >= (running.pools[0]?.scan?.percent ?? 0));
    await vscode.commands.executeCommand(Commands.stopPoolScrub, await rpoolNode(api));
    await panel.runAction('refresh');
    await nextState(panel, (s) => s.pools[0]?.scan?.state === 'canceled');
  });

  it('shows a DEGRADED pool with its offline side', async () => {
    await resetLab('degraded');
    await panel.runAction('refresh');
    const state = await nextState(panel, (s) => s.pools[0]?.state === 'DEGRADED');
    const rpool = state.pools[0];
    assert.equal(rpool?.severity, 'warning');
    assert.deepEqual(
      rpool?.vdevs.filter((v) => v.state === 'OFFLINE').map((v) => v.depth),
      [2],
    );
  });
});
