import * as assert from 'node:assert/strict';
import { buildMonitorState, type MonitorInput } from '../../../src/pve/backups/monitorState';

const UPID = 'UPID:pve2:00001F40:0001E240:6746A1B0:vzdump:1031:root@pam:';
const START = 0x6746a1b0 * 1000;

const STOP_LOG = [
  'INFO: starting new backup job: vzdump 1031 --storage local --mode stop --compress zstd',
  'INFO: Starting Backup of VM 1031 (lxc)',
  'INFO: backup mode: stop',
  'INFO: stopping virtual guest',
  "INFO: creating vzdump archive '/var/lib/vz/dump/vzdump-lxc-1031-2024_11_27-06_36_00.tar.zst'",
];

function input(overrides: Partial<MonitorInput>): MonitorInput {
  return {
    host: 'pve2',
    node: 'pve2',
    upid: UPID,
    lines: STOP_LOG,
    status: { upid: UPID, status: 'running' },
    samples: [],
    now: START + 30_000,
    ...overrides,
  };
}

describe('the backup monitor view model', () => {
  it('reads the guest, storage, mode and compression of a running container backup from its log', () => {
    const state = buildMonitorState(
      input({
        samples: [
          { at: 1000, bytes: 1_000_000 },
          { at: 3000, bytes: 3_000_000 },
        ],
      }),
    );
    assert.equal(state.status, 'running');
    assert.equal(state.vmid, 1031);
    assert.equal(state.guestType, 'lxc');
    assert.equal(state.storage, 'local');
    assert.equal(state.mode, 'stop');
    assert.equal(state.compress, 'zstd');
    assert.equal(state.command, 'vzdump 1031 --storage local --mode stop --compress zstd');
    assert.equal(state.elapsed, 30);
    // A container prints no percentage: bytes and rate come from the measured sizes.
    assert.deepEqual(state.progress, { bytes: 3_000_000, bytesPerSecond: 1_000_000 });
    assert.equal(state.phases.find((p) => p.id === 'archive')?.state, 'active');
  });

  it('leaves the rate out until there are two samples', () => {
    assert.equal(buildMonitorState(input({ samples: [{ at: 1000, bytes: 5 }] })).progress.bytesPerSecond, undefined);
  });

  it('gives a VM a percentage, its disk size and an ETA from its own progress line', () => {
    const lines = [
      'INFO: Starting Backup of VM 100 (qemu)',
      'INFO:  25% (2.0 GiB of 8.0 GiB) in 1m 30s, read: 22.7 MiB/s, write: 22.0 MiB/s',
    ];
    const state = buildMonitorState(input({ lines }));
    assert.equal(state.progress.percent, 25);
    assert.equal(state.progress.totalBytes, 8 * 1024 ** 3);
    assert.equal(state.progress.etaSeconds, 270);
  });

  it('counts a finished task with warnings as a success, and lists the archive only once the storage has it', () => {
    const lines = [
      ...STOP_LOG,
      'WARN: some warning',
      'INFO: Finished Backup of VM 1031 (00:00:09)',
      'INFO: Backup job finished with errors',
    ];
    const unlisted = buildMonitorState(
      input({ lines, status: { upid: UPID, status: 'stopped', exitstatus: 'WARNINGS: 1' } }),
    );
    assert.equal(unlisted.status, 'ok');
    assert.equal(unlisted.warnings, 1);
    assert.deepEqual(unlisted.archive, {
      path: '/var/lib/vz/dump/vzdump-lxc-1031-2024_11_27-06_36_00.tar.zst',
      size: undefined,
      listed: false,
    });
    const listed = buildMonitorState(
      input({ lines, status: { upid: UPID, status: 'stopped', exitstatus: 'OK' }, archiveSize: 4096 }),
    );
    assert.deepEqual(listed.archive?.listed, true);
    assert.equal(listed.progress.etaSeconds, undefined);
  });

  it('explains a failure with the problem found in the log and the actions that fix it', () => {
    const lines = [
      'INFO: starting new backup job: vzdump 1031 --storage truenas-bu --mode suspend',
      'INFO: Starting Backup of VM 1031 (lxc)',
      'INFO: backup mode: suspend',
      'INFO: starting first sync /proc/1/root/ to /mnt/pve/truenas-bu/dump/vzdump-lxc-1031.tmp',
      'ERROR: rsync: [generator] set_acl: sys_acl_set_file(var/log/journal, ACL_TYPE_ACCESS): Operation not permitted (1)',
      'ERROR: Backup of VM 1031 failed - command rsync failed: exit code 23',
    ];
    const state = buildMonitorState(
      input({ lines, status: { upid: UPID, status: 'stopped', exitstatus: 'job errors' } }),
    );
    assert.equal(state.status, 'failed');
    assert.equal(state.errors, 2);
    const problem = state.problems.find((p) => p.code === 'rsync-permission');
    assert.ok(problem, state.problems.map((p) => p.code).join());
    assert.equal(problem.line, 4);
    assert.deepEqual(
      problem.actions.map((a) => a.id),
      ['fixTmpdir', 'testWrite'],
    );
    assert.equal(state.phases.at(-1)?.state, 'failed');
    assert.equal(
      state.failureReason,
      'rsync: [generator] set_acl: sys_acl_set_file(var/log/journal, ACL_TYPE_ACCESS): Operation not permitted (1)',
    );
  });

  // A job that never got the global lock logs no command line and no status line.
  const LOCK_TIMEOUT = [
    'INFO: trying to get global lock - waiting...',
    "ERROR: can't acquire lock '/var/run/vzdump.lock' - got timeout",
  ];
  const STARTED = {
    vmid: 1031,
    storage: 'local',
    mode: 'stop',
    compress: 'zstd',
    guestName: 'docker',
    guestType: 'lxc',
    command: 'vzdump 1031 --storage local --mode stop --compress zstd',
  } as const;

  it('shows how the extension started a job that timed out on the global lock, and says why it failed', () => {
    const state = buildMonitorState(
      input({
        lines: LOCK_TIMEOUT,
        status: { upid: UPID, status: 'stopped', exitstatus: 'unexpected status' },
        started: STARTED,
      }),
    );
    assert.equal(state.status, 'failed');
    assert.equal(state.failureReason, 'timed out waiting for the global backup lock (/var/run/vzdump.lock)');
    assert.deepEqual(
      [state.vmid, state.guestName, state.guestType, state.storage, state.mode, state.compress, state.command],
      [1031, 'docker', 'lxc', 'local', 'stop', 'zstd', STARTED.command],
    );
    assert.deepEqual(
      state.problems.map((p) => p.code),
      ['lock-timeout'],
    );
  });

  it('says so when the lock was held and lockwait is 0', () => {
    const lines = ["ERROR: can't acquire lock '/var/run/vzdump.lock' (wait = 0)"];
    const state = buildMonitorState(
      input({ lines, status: { upid: UPID, status: 'stopped', exitstatus: 'unexpected status' } }),
    );
    assert.equal(
      state.failureReason,
      'another backup held the global backup lock (/var/run/vzdump.lock) and lockwait is 0',
    );
    // Without the start options the monitor does not make them up.
    assert.deepEqual([state.storage, state.mode, state.command], [undefined, undefined, 'vzdump 1031']);
  });

  it('believes the log over what was asked for, once the job logged its command line', () => {
    const state = buildMonitorState(input({ started: { ...STARTED, storage: 'other', mode: 'snapshot' } }));
    assert.deepEqual([state.storage, state.mode, state.failureReason], ['local', 'stop', undefined]);
  });

  it('tells a stopped task from a failed one', () => {
    const state = buildMonitorState(
      input({ status: { upid: UPID, status: 'stopped', exitstatus: 'interrupted by signal' } }),
    );
    assert.equal(state.status, 'stopped');
  });

  it('falls back to the UPID for the guest before the log has named it', () => {
    const state = buildMonitorState(input({ lines: [] }));
    assert.equal(state.vmid, 1031);
    assert.equal(state.command, 'vzdump 1031');
    assert.equal(state.phases[0]?.state, 'active');
  });
});
