import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PveOpsApi } from '../../src/extension';
import type { MonitorState } from '../../src/protocol/backupMonitor';
import { labSsh } from '../lab/runtime/labClient';
import { configureLabHost, extensionApi, resetLab, trustLabHostKey } from './support/lab';
import { waitUntil } from '../support/waitUntil';

// The backup monitor following real vzdump tasks on the lab.

const CONF_URI = 'pve-file://pve2/etc/vzdump.conf';

async function startBackup(args: string): Promise<string> {
  const result = await labSsh(`pvesh create /nodes/pve2/vzdump ${args}`);
  const upid = /UPID:\S+/.exec(result.stdout)?.[0];
  assert.ok(upid, `no UPID from pvesh: ${result.stdout} ${result.stderr}`);
  return upid;
}

describe('The backup monitor in the real VS Code host, against the lab', function () {
  this.timeout(180_000);
  let api: PveOpsApi;

  before(async () => {
    api = await extensionApi();
    const lab = await resetLab('seed');
    // The lab's slowdown makes a 4.6 MB container take about ten seconds, so progress can be seen.
    await labSsh('pve-lab slow 30');
    await configureLabHost(lab);
    await trustLabHostKey(api, lab);
    api.backups.deps.intervalMs = 300;
  });

  after(async () => {
    await labSsh('pve-lab slow 1');
    for (const monitor of api.backups.panels.values()) monitor.panel.dispose();
    api.sessions.disconnect('pve2');
    await vscode.workspace.getConfiguration().update('pve.hosts', [], vscode.ConfigurationTarget.Global);
  });

  it('follows a stop-mode backup of CT 1031: phases and bytes advance, and the archive is listed at the end', async () => {
    const upid = await startBackup('--vmid 1031 --mode stop --storage local --compress zstd');
    const monitor = api.backups.open('pve2', upid);
    const seen: MonitorState[] = [];
    const listener = monitor.follower.onDidChange(() => seen.push(monitor.follower.state()));
    await monitor.follower.done;
    listener.dispose();
    assert.equal(monitor.follower.error, undefined);

    const final = monitor.follower.state();
    assert.equal(final.status, 'ok', `ended ${final.status}: ${final.exitStatus ?? ''}`);
    assert.equal(final.vmid, 1031);
    assert.equal(final.mode, 'stop');
    assert.equal(final.storage, 'local');
    assert.deepEqual(
      final.phases.map((p) => p.state),
      ['done', 'done', 'done', 'skipped', 'done', 'done', 'done'],
    );
    assert.match(final.archive?.path ?? '', /^\/var\/lib\/vz\/dump\/vzdump-lxc-1031-.*\.tar\.zst$/);
    assert.equal(final.archive?.listed, true);
    assert.ok((final.archive?.size ?? 0) > 0);

    // While it ran, the monitor saw it move: more than one phase active in turn, and bytes growing.
    const activePhases = new Set(seen.flatMap((s) => s.phases.filter((p) => p.state === 'active').map((p) => p.id)));
    assert.ok(activePhases.size >= 2, `active phases seen: ${[...activePhases].join(', ')}`);
    const bytes = seen.map((s) => s.progress.bytes).filter((b): b is number => b !== undefined);
    assert.ok(bytes.length >= 2 && Math.max(...bytes) > Math.min(...bytes), `bytes seen: ${bytes.join(', ')}`);
    assert.ok(monitor.follower.commands < 2 + seen.length, 'more than one remote command per look');
  });

  it('shows the rsync permission problem of a suspend backup to the NFS share; its tmpdir fix makes the next backup succeed', async () => {
    await resetLab('seed', 'nfs-acl');
    const failed = api.backups.open(
      'pve2',
      await startBackup('--vmid 1031 --mode suspend --storage truenas-bu --compress zstd'),
    );
    await failed.follower.done;
    const final = failed.follower.state();
    assert.equal(final.status, 'failed');
    const problem = final.problems.find((p) => p.code === 'rsync-permission');
    assert.ok(problem, `problems: ${final.problems.map((p) => p.code).join(', ')}`);
    assert.ok(problem.actions.some((a) => a.id === 'fixTmpdir'));
    assert.equal(final.phases.at(-1)?.state, 'failed');

    // The action opens vzdump.conf on the host with the cursor on the tmpdir problem.
    await failed.runAction('fixTmpdir');
    const editor = await waitUntil('the vzdump.conf editor', () =>
      vscode.window.activeTextEditor?.document.uri.toString() === CONF_URI ? vscode.window.activeTextEditor : undefined,
    );
    const diagnostic = vscode.languages
      .getDiagnostics(editor.document.uri)
      .find((d) => /No tmpdir is set/.test(d.message));
    assert.ok(diagnostic, 'the tmpdir problem is shown');
    assert.equal(editor.selection.active.line, diagnostic.range.start.line);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      editor.document.uri,
      diagnostic.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((a) => /tmpdir/.test(a.title));
    assert.ok(fix?.edit, `quick fixes: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    if (fix.command)
      await vscode.commands.executeCommand(fix.command.command, ...((fix.command.arguments ?? []) as unknown[]));
    assert.equal(await editor.document.save(), true);
    assert.match((await labSsh('cat /etc/vzdump.conf')).stdout, /^tmpdir: \/var\/lib\/vz\/vzdump-tmp$/m);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');

    const retried = api.backups.open(
      'pve2',
      await startBackup('--vmid 1031 --mode suspend --storage truenas-bu --compress zstd'),
    );
    await retried.follower.done;
    const after = retried.follower.state();
    assert.equal(
      after.status,
      'ok',
      `ended ${after.status}: ${after.exitStatus ?? ''}; problems: ${after.problems.map((p) => p.code).join(', ')}`,
    );
    assert.deepEqual(after.problems, []);
    assert.equal(after.archive?.listed, true);
  });

  it('cleans up a stuck backup that holds the global lock, so the next backup runs', async () => {
    await resetLab('seed', 'stuck-lock');
    // vzdump waits for the lock for `lockwait` minutes; the lab counts them in seconds.
    await labSsh("echo 'lockwait: 1' >> /etc/vzdump.conf && pve-lab lockwait-unit 1");
    const blocked = api.backups.open(
      'pve2',
      await startBackup('--vmid 1034 --mode stop --storage local --compress zstd'),
    );
    await blocked.follower.done;
    const final = blocked.follower.state();
    assert.equal(final.status, 'failed');
    // The job logs no status line, so the task says "unexpected status"; the monitor says why.
    assert.equal(final.failureReason, 'timed out waiting for the global backup lock (/var/run/vzdump.lock)');
    const problem = final.problems.find((p) => p.code === 'lock-timeout');
    assert.ok(problem, `problems: ${final.problems.map((p) => p.code).join(', ')}`);
    assert.deepEqual(
      problem.actions.map((a) => a.id),
      ['cleanupStuck'],
    );

    const asked: string[] = [];
    api.dialogs.confirm = (message, detail) => {
      asked.push(`${message}\n${detail}`);
      return Promise.resolve(true);
    };
    await blocked.runAction('cleanupStuck');
    assert.equal(asked.length, 1);
    assert.match(asked[0] ?? '', /stuck backup of 1031/);
    assert.match(asked[0] ?? '', /task UPID:pve2:[0-9A-F:]+:vzdump:1031:root@pam:/);
    assert.match(asked[0] ?? '', /rsync .*vzdump-lxc-1031-/);

    const left = (
      await labSsh(
        "ps -eo stat=,args= | awk '$1 !~ /^Z/' | grep -E 'vzdump:1031|vzdump-lxc-1031' | grep -v grep || true",
      )
    ).stdout.trim();
    assert.equal(left, '', 'a process of the stuck backup is still running');
    assert.equal((await labSsh('test -e /var/run/vzdump.lock && echo present || echo gone')).stdout.trim(), 'gone');
    assert.doesNotMatch((await labSsh('pct config 1031')).stdout, /^lock:/m);

    const next = api.backups.open('pve2', await startBackup('--vmid 1031 --mode stop --storage local --compress zstd'));
    await next.follower.done;
    assert.equal(next.follower.state().status, 'ok');
  });

  it('stops a running backup with Stop, once confirmed', async () => {
    await resetLab('seed');
    await labSsh('pve-lab slow 30');
    const upid = await startBackup('--vmid 1031 --mode stop --storage local --compress zstd');
    const monitor = api.backups.open('pve2', upid);
    let asked = 0;
    api.dialogs.confirm = () => Promise.resolve(++asked > 1);
    // The first answer is no: nothing happens.
    await monitor.runAction('stop');
    assert.equal(monitor.follower.finished, false);
    await new Promise<void>((resolve) => {
      const listener = monitor.follower.onDidChange(() => {
        if (monitor.follower.state().phases.some((p) => p.id === 'archive' && p.state === 'active')) {
          listener.dispose();
          resolve();
        }
      });
    });
    await monitor.runAction('stop');
    assert.equal(asked, 2);
    await monitor.follower.done;
    const final = monitor.follower.state();
    assert.ok(
      final.status === 'stopped' || final.status === 'failed',
      `ended ${final.status}: ${final.exitStatus ?? ''}`,
    );
    assert.equal(
      (await labSsh(`pgrep -f '[v]zdump |[r]sync ' || true`)).stdout.trim(),
      '',
      'a vzdump or rsync process is still running',
    );
  });
});
