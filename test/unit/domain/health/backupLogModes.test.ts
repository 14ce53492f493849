import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { archiveLogPath, backupLogModesOperation } from '../../../../src/domain/health/backupLogModes';
import { parseStorageCfg, type StorageDefinition } from '../../../../src/domain/proxmox/storageConfig';

// How each guest was really backed up: the log vzdump keeps next to each archive names the mode.
// The script also runs for real with bash against logs written to a temporary directory.

const pvesh = path.resolve(__dirname, '../../../fixtures/pvesh');
const labStorages = parseStorageCfg(fs.readFileSync(path.join(pvesh, 'lab-storage.cfg'), 'utf8'));

/** A vzdump archive log as Proxmox writes it (LXC, the mode line after the mount point lines). */
function vzdumpLog(vmid: number, name: string, modeLines: string[]): string {
  return [
    `2026-11-26 02:00:01 INFO: Starting Backup of VM ${vmid} (lxc)`,
    '2026-11-26 02:00:01 INFO: status = running',
    `2026-11-26 02:00:01 INFO: CT Name: ${name}`,
    "2026-11-26 02:00:01 INFO: including mount point rootfs ('/') in backup",
    "2026-11-26 02:00:01 INFO: excluding bind mount point mp0 ('/mnt/Main') from backup (not a volume)",
    ...modeLines.map((line) => `2026-11-26 02:00:01 INFO: ${line}`),
    '2026-11-26 02:00:02 INFO: creating vzdump archive',
    `2026-11-26 02:03:40 INFO: Finished Backup of VM ${vmid} (00:03:39)`,
    '',
  ].join('\n');
}

function runScript(logPaths: string[]) {
  const operation = backupLogModesOperation(logPaths);
  if (!('script' in operation.command)) assert.fail('the operation is a script');
  const run = spawnSync('bash', [], { input: operation.command.script, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return {
    stdout: run.stdout,
    modes: operation.parse({ stdout: run.stdout, stderr: run.stderr, exitCode: run.status }),
  };
}

describe("health check: the archive's log", () => {
  it('finds the log next to an archive in the dump directory of a file-based storage', () => {
    assert.equal(
      archiveLogPath('local:backup/vzdump-lxc-1031-2026_11_26-02_00_01.tar.zst', labStorages),
      '/var/lib/vz/dump/vzdump-lxc-1031-2026_11_26-02_00_01.log',
    );
    assert.equal(
      archiveLogPath('truenas-bu:backup/vzdump-lxc-1034-2026_11_25-02_10_12.tar.gz', labStorages),
      '/mnt/pve/truenas-bu/dump/vzdump-lxc-1034-2026_11_25-02_10_12.log',
    );
    assert.equal(
      archiveLogPath('local:backup/vzdump-qemu-100-2026_11_26-03_00_00.vma.zst', labStorages),
      '/var/lib/vz/dump/vzdump-qemu-100-2026_11_26-03_00_00.log',
    );
    assert.equal(
      archiveLogPath('local:backup/vzdump-lxc-10006-2026_11_20-02_00_01.tar', labStorages),
      '/var/lib/vz/dump/vzdump-lxc-10006-2026_11_20-02_00_01.log',
    );
  });

  it('finds none on storages without a path, unknown storages, or for volumes that are no archive in the dump directory', () => {
    const pbs: StorageDefinition = {
      id: 'pbs',
      type: 'pbs',
      options: { server: 'pbs.lan', datastore: 'main', content: 'backup' },
    };
    const storages = [...labStorages, pbs];
    assert.equal(archiveLogPath('pbs:backup/ct/1031/2026-11-26T02:00:01Z', storages), undefined);
    assert.equal(archiveLogPath('local-zfs:backup/vzdump-lxc-1031-2026_11_26-02_00_01.tar.zst', storages), undefined);
    assert.equal(archiveLogPath('nas:backup/vzdump-lxc-1031-2026_11_26-02_00_01.tar.zst', storages), undefined);
    assert.equal(archiveLogPath('local:backup/vzdump-lxc-1031-2026_11_26-02_00_01.log', storages), undefined);
    assert.equal(archiveLogPath('local:iso/debian-12.iso', storages), undefined);
    assert.equal(archiveLogPath('local:backup/../../../etc/shadow.tar', storages), undefined);
    assert.equal(archiveLogPath('local', storages), undefined);
  });

  it('reads the mode of each log from the answer, and no mode for a log that named none', () => {
    const operation = backupLogModesOperation([
      '/var/lib/vz/dump/a.log',
      '/mnt/pve/truenas-bu/dump/b.log',
      '/var/lib/vz/dump/missing.log',
    ]);
    const modes = operation.parse({
      stdout:
        'stop\t/var/lib/vz/dump/a.log\nsnapshot\t/mnt/pve/truenas-bu/dump/b.log\n\t/var/lib/vz/dump/missing.log\n',
      stderr: '',
      exitCode: 0,
    });
    assert.deepEqual(
      [...modes],
      [
        ['/var/lib/vz/dump/a.log', 'stop'],
        ['/mnt/pve/truenas-bu/dump/b.log', 'snapshot'],
        ['/var/lib/vz/dump/missing.log', ''],
      ],
    );
  });

  it('ignores lines that are not "mode<TAB>path"', () => {
    const modes = backupLogModesOperation(['/a.log']).parse({
      stdout: 'bash: warning: setlocale\nstop /a.log\n\n',
      stderr: '',
      exitCode: 0,
    });
    assert.equal(modes.size, 0);
  });

  it('runs its script for real: the mode each log names, after a snapshot fallback, and nothing for a missing log', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pve-ops-logs-'));
    try {
      // a storage whose path has a blank and a quote in it, as archiveLogPath names its logs
      const odd: StorageDefinition = {
        id: 'odd',
        type: 'dir',
        options: { path: path.join(dir, "it's a dir"), content: 'backup' },
      };
      const local: StorageDefinition = {
        id: 'local',
        type: 'dir',
        options: { path: path.join(dir, 'vz'), content: 'backup' },
      };
      const log = (volid: string) => archiveLogPath(volid, [odd, local]) ?? assert.fail(`no log for ${volid}`);
      const docker = log('odd:backup/vzdump-lxc-1031-2026_11_26-02_00_01.tar.zst');
      const plex = log('local:backup/vzdump-lxc-1034-2026_11_26-02_10_12.tar.zst');
      const caddy = log('local:backup/vzdump-lxc-1008-2026_11_26-02_20_00.tar.zst');
      const aborted = log('local:backup/vzdump-lxc-10006-2026_11_26-02_30_00.tar.zst');
      const missing = log('local:backup/vzdump-lxc-1031-2026_11_01-02_00_01.tar.zst');
      assert.equal(docker, path.join(dir, "it's a dir", 'dump', 'vzdump-lxc-1031-2026_11_26-02_00_01.log'));
      fs.mkdirSync(path.dirname(docker), { recursive: true });
      fs.mkdirSync(path.dirname(plex), { recursive: true });
      fs.writeFileSync(docker, vzdumpLog(1031, 'docker', ['backup mode: stop', 'stopping virtual guest']));
      fs.writeFileSync(plex, vzdumpLog(1034, 'plex', ['backup mode: snapshot', "create storage snapshot 'vzdump'"]));
      fs.writeFileSync(
        caddy,
        vzdumpLog(1008, 'caddy', [
          'mode failure - some volumes do not support snapshots',
          "trying 'suspend' mode instead",
          'backup mode: suspend',
        ]),
      );
      fs.writeFileSync(aborted, vzdumpLog(10006, 'dashy', []));

      const { stdout, modes } = runScript([docker, plex, caddy, aborted, missing]);
      assert.deepEqual(
        [...modes],
        [
          [docker, 'stop'],
          [plex, 'snapshot'],
          [caddy, 'suspend'],
          [aborted, ''],
          [missing, ''],
        ],
        stdout,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs with no log at all and answers nothing', () => {
    const { stdout, modes } = runScript([]);
    assert.equal(stdout, '');
    assert.equal(modes.size, 0);
  });
});
