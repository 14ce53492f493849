import * as assert from 'node:assert/strict';
import {
  needsSnapshotWarning,
  policyMode,
  startBackupOperation,
  vzdumpCommandLine,
} from '../../../../src/domain/backup/backupPlan';

describe('Back Up Now: the plan', () => {
  const policy = { '1031': 'stop', media: 'stop', static: 'snapshot' } as const;

  it('takes the mode from the VMID, then the tags, else snapshot', () => {
    assert.deepEqual(policyMode({ vmid: 1031, tags: ['static'] }, policy), { mode: 'stop', from: 'VMID 1031' });
    assert.deepEqual(policyMode({ vmid: 1034, tags: ['x', 'media'] }, policy), { mode: 'stop', from: 'tag "media"' });
    assert.deepEqual(policyMode({ vmid: 1008, tags: [] }, policy), { mode: 'snapshot' });
  });

  it('warns before snapshotting a container the policy stops, and only then', () => {
    const plan = { vmid: 1031, storage: 'truenas-bu', mode: 'snapshot', compress: 'zstd' } as const;
    assert.equal(needsSnapshotWarning(plan, { type: 'lxc' }, 'stop'), true);
    assert.equal(needsSnapshotWarning(plan, { type: 'qemu' }, 'stop'), false);
    assert.equal(needsSnapshotWarning(plan, { type: 'lxc' }, 'snapshot'), false);
    assert.equal(needsSnapshotWarning({ ...plan, mode: 'stop' }, { type: 'lxc' }, 'stop'), false);
  });

  it('shows the command a user would type, and starts the same backup through the API', () => {
    const plan = { vmid: 1031, storage: 'truenas-bu', mode: 'stop', compress: 'zstd' } as const;
    assert.equal(vzdumpCommandLine(plan), 'vzdump 1031 --storage truenas-bu --mode stop --compress zstd');
    assert.deepEqual(startBackupOperation('pve2', plan).command, {
      argv: [
        'pvesh',
        'create',
        '/nodes/pve2/vzdump',
        '--vmid',
        '1031',
        '--storage',
        'truenas-bu',
        '--mode',
        'stop',
        '--compress',
        'zstd',
        '--output-format',
        'json',
      ],
    });
  });
});
