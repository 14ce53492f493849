import { proxmoxApi } from '../src/domain/proxmox/api';
import type { RemoteOperation } from '../src/domain/shell/remoteOperation';
import { BackupFollower } from '../src/pve/backups/backupFollower';
import { openConnection } from '../src/remote/connect';
import type { SshConnection } from '../src/remote/sshConnection';
import { labSsh, resetLab } from '../test/lab/runtime/labClient';
import { labDeps, rootTarget } from '../test/integration/ssh/labFixture';

// The backup monitor's extra load on the host while it follows a backup: remote commands per
// second and bytes per minute, against a plain follower in the same run that asks for the status
// and the whole log each second (what polling the API naively does).
// Goal (issue 8): below one remote command per second.

function counting(connection: SshConnection) {
  const counter = { commands: 0, bytes: 0 };
  const run = async <T>(operation: RemoteOperation<T>): Promise<T> => {
    counter.commands++;
    const output = await connection.collect(operation.command);
    const sent = Buffer.byteLength(
      'script' in operation.command ? operation.command.script : operation.command.argv.join(' '),
    );
    counter.bytes += sent + Buffer.byteLength(output.stdout) + Buffer.byteLength(output.stderr);
    return operation.parse(output);
  };
  return { counter, run };
}

async function startBackup(): Promise<string> {
  const out = await labSsh('pvesh create /nodes/pve2/vzdump --vmid 1031 --mode stop --storage local --compress zstd');
  const upid = /UPID:\S+/.exec(out.stdout)?.[0];
  if (!upid) throw new Error(`no UPID: ${out.stdout}${out.stderr}`);
  return upid;
}

function report(
  name: string,
  counter: { commands: number; bytes: number },
  seconds: number,
): { perSecond: number; bytesPerMinute: number } {
  const perSecond = counter.commands / seconds;
  const bytesPerMinute = (counter.bytes / seconds) * 60;
  console.log(
    `${name}: ${counter.commands} commands in ${seconds.toFixed(1)} s = ${perSecond.toFixed(2)} commands/s, ${(bytesPerMinute / 1024).toFixed(1)} KiB/min`,
  );
  return { perSecond, bytesPerMinute };
}

async function main(): Promise<void> {
  const lab = await resetLab('seed');
  await labSsh('pve-lab slow 30'); // about ten seconds per backup
  const connection = await openConnection(rootTarget(lab), labDeps(lab));
  try {
    const ours = counting(connection);
    let started = Date.now();
    const follower = new BackupFollower(ours.run, 'pve2', 'pve2', await startBackup());
    // The follower retries failed looks for as long as it is open; the benchmark gives it two minutes.
    const timeout = setTimeout(() => follower.dispose(), 120_000);
    await follower.done;
    clearTimeout(timeout);
    if (!follower.finished) throw new Error(`the backup was not followed to its end: ${follower.error ?? 'timed out'}`);
    const monitor = report('backup monitor', ours.counter, (Date.now() - started) / 1000);

    const naive = counting(connection);
    const upid = await startBackup();
    started = Date.now();
    for (;;) {
      const status = await naive.run(proxmoxApi.taskStatus('pve2', upid));
      await naive.run(proxmoxApi.taskLog('pve2', upid));
      if (status.status === 'stopped') break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    const baseline = report(
      'naive poll (status + whole log each second)',
      naive.counter,
      (Date.now() - started) / 1000,
    );
    console.log(
      `commands/s ratio ${(monitor.perSecond / baseline.perSecond).toFixed(2)}, bytes/min ratio ${(monitor.bytesPerMinute / baseline.bytesPerMinute).toFixed(2)}; goal: below 1 command/s (${monitor.perSecond < 1 ? 'met' : 'NOT met'})`,
    );
  } finally {
    connection.close();
    await labSsh('pve-lab slow 1');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
