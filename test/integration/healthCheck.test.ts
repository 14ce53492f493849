import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PveOpsApi } from '../../src/extension';
import type { HealthCheckPanel } from '../../src/features/healthCheck/healthCheckPanel';
import { Commands } from '../../src/ids';
import type { FindingView, HealthReportState } from '../../src/protocol/healthCheck';
import { labSsh } from '../lab/runtime/labClient';
import { configureLabHost, extensionApi, resetLab, trustLabHostKey } from './support/lab';
import { waitUntil } from '../support/waitUntil';

// "Check Host Health" against the lab: every check over real SSH, on the lab's real pool, locks,
// NFS stand-in and archives.

async function checkHost(api: PveOpsApi): Promise<{ panel: HealthCheckPanel; state: HealthReportState }> {
  await vscode.commands.executeCommand(Commands.checkHostHealth, { hostName: 'pve2' });
  const panel = await waitUntil('the report', () => api.health.panels.get('pve2'));
  await waitUntil('the checks to start', () => panel.state().checks.length > 0);
  await panel.run.settled();
  return { panel, state: panel.state() };
}

function findings(state: HealthReportState): FindingView[] {
  const errors = state.checks.filter((c) => c.state !== 'done').map((c) => `${c.title}: ${c.state} ${c.error ?? ''}`);
  assert.deepEqual(errors, [], 'every check ran');
  return state.checks.flatMap((c) => c.findings);
}

const show = (list: readonly FindingView[]) =>
  list.map((f) => `${f.verdict} [${f.area}] ${f.title} — ${f.evidence}`).join('\n');

describe('Check Host Health in the real VS Code host, against the lab', function () {
  this.timeout(240_000);
  let api: PveOpsApi;

  before(async () => {
    api = await extensionApi();
    const lab = await resetLab('seed');
    await configureLabHost(lab);
    await trustLabHostKey(api, lab);
  });

  afterEach(async () => {
    for (const open of api.health.panels.values()) open.panel.dispose();
    await vscode.workspace
      .getConfiguration()
      .update('pve.backup.modeByGuest', undefined, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    api.sessions.disconnect('pve2');
    await resetLab('seed');
    await vscode.workspace.getConfiguration().update('pve.hosts', [], vscode.ConfigurationTarget.Global);
  });

  it('passes everything on a host kept as the runbook says (healthy pool, local tmpdir, fresh stop-mode backups)', async () => {
    await resetLab('healthy');
    // what the admin did after the incident: a local tmpdir, a stop-mode backup of every guest, stop mode for media
    const prepared = await labSsh(
      'mkdir -p /var/lib/vz/vzdump-tmp && printf "tmpdir: /var/lib/vz/vzdump-tmp\\n" >> /etc/vzdump.conf && vzdump 1008 1031 10006 --mode stop --storage local --compress zstd',
    );
    assert.equal(prepared.code, 0, prepared.stderr);
    await vscode.workspace
      .getConfiguration()
      .update('pve.backup.modeByGuest', { media: 'stop' }, vscode.ConfigurationTarget.Global);

    const { state } = await checkHost(api);
    const all = findings(state);
    assert.deepEqual(
      all.filter((f) => f.verdict !== 'pass'),
      [],
      `not passing:\n${show(all.filter((f) => f.verdict !== 'pass'))}`,
    );
    const titles = all.map((f) => f.title);
    for (const expected of [
      /^local: create, timestamp, chown, chmod and remove work/,
      /^truenas-bu: create, timestamp, chown, chmod and remove work/,
      /^vzdump\.conf reads cleanly$/,
      /^tmpdir \/var\/lib\/vz\/vzdump-tmp exists on a local filesystem$/,
      /^The global backup lock is free$/,
      /^rpool is ONLINE/,
      /^rpool: scrubbed 0 days ago$/,
      /^rpool: the sides of each mirror match/,
      /^1031 docker is backed up$/,
      /^1031 docker: a live media container backed up in stop mode$/,
      /^1031 docker: not in its backups: \/mnt\/Main$/,
    ]) {
      assert.ok(
        titles.some((t) => expected.test(t)),
        `${String(expected)} in:\n${show(all)}`,
      );
    }
    assert.equal(state.counts.failure + state.counts.warning, 0);
  });

  it("reports the seed's damaged files, the guests they belong to, and the guests' missing backups", async () => {
    await resetLab('seed');
    const { panel, state } = await checkHost(api);
    const all = findings(state);
    const failures = all.filter((f) => f.verdict === 'failure').map((f) => f.title);
    assert.ok(failures.includes('rpool is ONLINE: 3 files with permanent errors'), show(all));
    for (const guest of [
      '10006 dashy: its disk local:10006/vm-10006-disk-0.raw',
      '1008 caddy: its disk ext:1008/vm-1008-disk-0.raw',
      '1034 plex: its disk ext:1034/vm-1034-disk-0.raw',
    ]) {
      assert.ok(failures.includes(`${guest} has permanent errors`), `${guest} in:\n${show(all)}`);
    }
    assert.ok(failures.includes('1031 docker has no backup'), show(all));
    assert.ok(
      all.some(
        (f) =>
          f.verdict === 'pass' &&
          f.title === '1034 plex: newest backup predates the damage report, a restore candidate',
      ),
      show(all),
    );
    assert.ok(
      all.some((f) => f.verdict === 'warning' && /^rpool: mirror-0 mixes disks$/.test(f.title)),
      show(all),
    );
    assert.ok(
      all.some(
        (f) =>
          f.verdict === 'warning' &&
          f.title === 'No tmpdir is set, and backups go to a network share' &&
          f.action?.id === 'fixTmpdir',
      ),
      show(all),
    );
    assert.ok(
      all.some(
        (f) =>
          f.verdict === 'warning' &&
          f.title === '1031 docker: a live media container the policy backs up in snapshot mode',
      ),
      show(all),
    );

    await panel.press('copyMarkdown');
    const markdown = await vscode.env.clipboard.readText();
    assert.match(markdown, /^# Health check: pve2 \(node pve2\)$/m);
    assert.match(
      markdown,
      /^- \*\*FAIL\*\* 1034 plex: its disk ext:1034\/vm-1034-disk-0\.raw has permanent errors — `\/mnt\/ext\/images\/1034\/vm-1034-disk-0\.raw`$/m,
    );
  });

  it('fails the write test on truenas-bu at the chown step when the NFS export refuses owners', async () => {
    await resetLab('nfs-acl');
    const { state } = await checkHost(api);
    const truenas = state.checks.find((c) => c.id === 'storage:truenas-bu');
    assert.ok(truenas, state.checks.map((c) => c.id).join(', '));
    const [finding] = truenas.findings;
    assert.equal(finding?.verdict, 'failure');
    assert.equal(finding.title, 'truenas-bu: the write test fails at the chown step');
    assert.match(
      finding.evidence,
      /chown root:root \/mnt\/pve\/truenas-bu\/dump\/\.pve-ops-write-test: .*Operation not permitted/,
    );
    assert.match(finding.details ?? '', /^ok {4} touch -t 202401010101\.01/m);
    assert.equal(state.checks.find((c) => c.id === 'storage:local')?.findings[0]?.verdict, 'pass');
    // nothing is left behind on the share
    assert.equal(
      (await labSsh('ls -A /mnt/pve/truenas-bu/dump | grep -c pve-ops-write-test || true')).stdout.trim(),
      '0',
    );
  });

  it('reports a hung NFS share as not online, and ends a check stuck on it with a clear error and no process left', async () => {
    await resetLab('nfs-acl');
    // the incident's setup: vzdump's tmpdir on the share; then the share stops answering, as a dead NFS server does
    assert.equal(
      (await labSsh('printf "tmpdir: /mnt/pve/truenas-bu/dump\\n" >> /etc/vzdump.conf && pkill -STOP -x bindfs')).code,
      0,
    );
    api.health.deps.checkTimeoutMs = 4000;
    try {
      const { state } = await checkHost(api);
      assert.ok(
        state.checks.every((c) => c.state !== 'running'),
        'no check keeps the report busy',
      );
      const truenas = state.checks.find((c) => c.id === 'storage:truenas-bu')?.findings[0];
      assert.deepEqual(
        [truenas?.verdict, truenas?.title, truenas?.evidence],
        [
          'failure',
          'truenas-bu is not active, so nothing can be backed up to it',
          "status: unknown; storage 'truenas-bu' is not online",
        ],
      );
      const conf = state.checks.find((c) => c.id === 'vzdump.conf');
      assert.deepEqual(
        [conf?.state, conf?.error],
        ['error', 'no answer within 4 s; a storage or mount on the host may hang'],
      );
      assert.equal(
        state.checks.find((c) => c.id === 'zfs')?.state,
        'done',
        'checks that do not touch the share still report',
      );
      const left = await labSsh('ps -eo args | grep -c "[f]indmnt" || true');
      assert.equal(left.stdout.trim(), '0', 'the stuck command was ended on the host');
    } finally {
      api.health.deps.checkTimeoutMs = 20_000;
      await labSsh('pkill -CONT -x bindfs');
    }
  });

  it('reports the stuck backup holding the global lock; the cleanup action ends it and "Run again" passes', async () => {
    await resetLab('stuck-lock');
    const { panel, state } = await checkHost(api);
    const locks = state.checks.find((c) => c.id === 'locks');
    assert.ok(locks);
    const stale = locks.findings.find(
      (f) => f.action?.id === 'cleanUpStuckBackup' && f.title.startsWith('The global backup lock is stale'),
    );
    assert.ok(stale, show(locks.findings));
    assert.match(stale.title, /the backup of 1031 holding it makes no progress/);
    assert.match(stale.evidence, /rsync \(pid \d+\) is stopped \(state T\), no I\/O in 2 s/);
    assert.ok(
      locks.findings.some((f) => f.title === '1031 docker is locked by a stuck backup'),
      show(locks.findings),
    );
    const before = state.checks.map((c) => c.id);

    const asked: string[] = [];
    const confirm = api.dialogs.confirm.bind(api.dialogs);
    api.dialogs.confirm = (message) => {
      asked.push(message);
      return Promise.resolve(true);
    };
    try {
      await panel.runAction(stale.action ?? assert.fail());
    } finally {
      api.dialogs.confirm = confirm;
    }
    assert.deepEqual(asked, ['End the stuck backup of 1031 on pve2?']);

    const reran: string[] = [];
    const listener = panel.onDidChange((s) =>
      reran.push(...s.checks.filter((c) => c.state === 'running').map((c) => c.id)),
    );
    await panel.press('runAgain');
    listener.dispose();
    const after = panel.state();
    assert.deepEqual(
      after.checks.map((c) => c.id),
      before,
      'the report keeps every check',
    );
    assert.ok(reran.includes('locks'), 'the locks were checked again');
    assert.ok(
      !reran.includes('storage:local') && !reran.includes('policy'),
      `only failed checks ran again: ${[...new Set(reran)].join(', ')}`,
    );
    const locksAfter = after.checks.find((c) => c.id === 'locks');
    assert.deepEqual(
      locksAfter?.findings.filter((f) => f.verdict !== 'pass'),
      [],
      show(locksAfter?.findings ?? []),
    );
    assert.deepEqual(
      locksAfter?.findings.map((f) => f.title),
      ['The global backup lock is free', 'No guest is left locked by a backup'],
    );
  });
});
