import * as assert from 'node:assert/strict';
import { monitorPhases } from '../../../../src/domain/backup/monitorPhases';

// Log lines as the lab's vzdump prints them for CT 1031 (suspend mode, to the NFS storage).
const SUSPEND = [
  'INFO: starting new backup job: vzdump 1031 --storage truenas-bu --mode suspend --compress zstd',
  'INFO: Starting Backup of VM 1031 (lxc)',
  'INFO: status = running',
  'INFO: backup mode: suspend',
  'INFO: starting first sync /var/lib/lxc/1031/rootfs/ to /var/lib/vz/vzdump-tmp/vzdumptmp123_1031/',
  'INFO: first sync finished - transferred 1.2M bytes in 1s',
  'INFO: suspending guest',
  'INFO: starting final sync /var/lib/lxc/1031/rootfs/ to /var/lib/vz/vzdump-tmp/vzdumptmp123_1031/',
  'INFO: resuming guest',
  "INFO: creating vzdump archive '/mnt/pve/truenas-bu/dump/vzdump-lxc-1031-2026_11_26-20_00_00.tar.zst'",
  'INFO: Finished Backup of VM 1031 (00:00:04)',
  'INFO: Backup job finished successfully',
];

const states = (lines: string[], finished?: { ok: boolean }) =>
  monitorPhases(lines, finished).map((p) => `${p.id}:${p.state}`);

describe('backup phases from the task log', () => {
  it('starts waiting for the lock before anything is logged', () => {
    assert.deepEqual(states([]), [
      'lock:active',
      'prepare:pending',
      'guest:pending',
      'sync:pending',
      'archive:pending',
      'resume:pending',
      'end:pending',
    ]);
  });

  it('follows a suspend backup through its phases, with job-log prefixes', () => {
    const prefixed = SUSPEND.map((line) => `1031: 2026-11-26 20:00:00 ${line}`);
    assert.deepEqual(states(prefixed.slice(0, 5)), [
      'lock:done',
      'prepare:done',
      'guest:done',
      'sync:active',
      'archive:pending',
      'resume:pending',
      'end:pending',
    ]);
    assert.deepEqual(states(prefixed.slice(0, 10)), [
      'lock:done',
      'prepare:done',
      'guest:done',
      'sync:done',
      'archive:done',
      'resume:active',
      'end:pending',
    ]);
    assert.deepEqual(states(prefixed, { ok: true }), [
      'lock:done',
      'prepare:done',
      'guest:done',
      'sync:done',
      'archive:done',
      'resume:done',
      'end:done',
    ]);
  });

  it('marks the phase that was running when the backup failed, and the end as failed', () => {
    const failing = [
      ...SUSPEND.slice(0, 5),
      'ERROR: rsync: [generator] chown "/x" failed: Operation not permitted (1)',
      'ERROR: Backup of VM 1031 failed - command rsync failed: exit code 23',
    ];
    const phases = monitorPhases(failing, { ok: false });
    assert.deepEqual(
      phases.map((p) => `${p.id}:${p.state}`),
      ['lock:done', 'prepare:done', 'guest:done', 'sync:failed', 'archive:pending', 'resume:pending', 'end:failed'],
    );
    assert.equal(phases.at(-1)?.label, 'Failed');
  });

  it('fails in the lock phase when the global lock timed out', () => {
    const lines = [
      'INFO: trying to get global lock - waiting...',
      "ERROR: can't acquire lock '/var/run/vzdump.lock' - got timeout",
    ];
    assert.deepEqual(states(lines, { ok: false }).slice(0, 2), ['lock:failed', 'prepare:pending']);
  });

  it('names the steps after the mode, and shows the sync a stop backup never does as skipped', () => {
    const stop = [
      'INFO: Starting Backup of VM 1031 (lxc)',
      'INFO: backup mode: stop',
      'INFO: stopping virtual guest',
      "INFO: creating vzdump archive '/var/lib/vz/dump/a.tar.zst'",
    ];
    const phases = monitorPhases(stop, undefined, 'stop');
    assert.deepEqual(
      phases.map((p) => `${p.id}:${p.state}`),
      ['lock:done', 'prepare:done', 'guest:done', 'sync:skipped', 'archive:active', 'resume:pending', 'end:pending'],
    );
    assert.equal(phases.find((p) => p.id === 'guest')?.label, 'Stopping the guest');
    assert.equal(monitorPhases(SUSPEND, undefined, 'suspend').find((p) => p.id === 'sync')?.state, 'done');
    assert.equal(
      monitorPhases([], undefined, 'snapshot').find((p) => p.id === 'resume')?.label,
      'Removing the snapshot',
    );
  });

  it('puts the first sync before the suspend in suspend mode, so a failed first sync leaves the guest untouched', () => {
    const failing = [...SUSPEND.slice(0, 5), 'ERROR: Backup of VM 1031 failed - command rsync failed: exit code 23'];
    const phases = monitorPhases(failing, { ok: false }, 'suspend');
    assert.deepEqual(
      phases.map((p) => `${p.id}:${p.state}`),
      ['lock:done', 'prepare:done', 'sync:failed', 'guest:pending', 'resume:pending', 'archive:pending', 'end:failed'],
    );
    assert.deepEqual(
      monitorPhases(SUSPEND, { ok: true }, 'suspend').map((p) => p.state),
      ['done', 'done', 'done', 'done', 'done', 'done', 'done'],
    );
    assert.equal(
      monitorPhases(SUSPEND.slice(0, 8), undefined, 'suspend').find((p) => p.state === 'active')?.id,
      'guest',
    );
  });
});
