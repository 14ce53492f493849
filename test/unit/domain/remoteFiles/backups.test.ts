import * as assert from 'node:assert/strict';
import {
  backupName,
  backupsToPrune,
  isBackupOf,
  leftoverTemporaryFiles,
} from '../../../../src/domain/remoteFiles/backups';

describe('backups of saved host files', () => {
  it('names a backup after the file and the UTC time, to the millisecond', () => {
    assert.equal(
      backupName('vzdump.conf', new Date(Date.UTC(2026, 10, 26, 18, 48, 5, 7))),
      'vzdump.conf.pve-ops-20261126-184805-007.bak',
    );
  });

  it('recognises only its own backups of that file', () => {
    assert.ok(isBackupOf('vzdump.conf', 'vzdump.conf.pve-ops-20261126-184805-007.bak'));
    assert.ok(!isBackupOf('vzdump.conf', 'vzdump.conf.dpkg-old'));
    assert.ok(!isBackupOf('vzdump.conf', 'other.conf.pve-ops-20261126-184805-007.bak'));
    assert.ok(!isBackupOf('vzdump', 'vzdump.conf.pve-ops-20261126-184805-007.bak'));
  });

  it('prunes all but the newest ones, oldest first, and never other files', () => {
    const names = [
      'vzdump.conf',
      'vzdump.conf.dpkg-dist',
      ...[3, 1, 5, 2, 4, 6, 7].map((d) => `vzdump.conf.pve-ops-2026112${d}-000000-000.bak`),
    ];
    assert.deepEqual(backupsToPrune('vzdump.conf', names, 5), [
      'vzdump.conf.pve-ops-20261121-000000-000.bak',
      'vzdump.conf.pve-ops-20261122-000000-000.bak',
    ]);
    assert.deepEqual(backupsToPrune('vzdump.conf', names.slice(0, 4), 5), []);
  });

  it('finds the temporary files a cut connection left, and nothing else', () => {
    const names = [
      'vzdump.conf',
      '.vzdump.conf.pve-ops-0a1b2c3d.tmp',
      '.vzdump.conf.pve-ops-zz.tmp',
      '.other.conf.pve-ops-0a1b2c3d.tmp',
      'vzdump.conf.pve-ops-20261121-000000-000.bak',
    ];
    assert.deepEqual(leftoverTemporaryFiles('vzdump.conf', names), ['.vzdump.conf.pve-ops-0a1b2c3d.tmp']);
  });
});
