import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { vzdumpConfFindings } from '../../../../src/domain/health/vzdumpConfFindings';
import { parseStorageCfg } from '../../../../src/domain/proxmox/storageConfig';
import {
  LOCAL_TMPDIR,
  storagesFromConfig,
  type VzdumpHostFacts,
  type PathFact,
} from '../../../../src/domain/vzdumpConf/hostChecks';

// The vzdump.conf area of the health check on pve2's storages (local, local-zfs, ext and the NFS
// share truenas-bu): no line Proxmox rejects, and a tmpdir that is set, exists and is local.

const pvesh = path.resolve(__dirname, '../../../fixtures/pvesh');
const labStorages = storagesFromConfig(parseStorageCfg(fs.readFileSync(path.join(pvesh, 'lab-storage.cfg'), 'utf8')));
const NFS_TMPDIR = '/mnt/pve/truenas-bu/vzdump-tmp';

function findings(text: string, paths: PathFact[] = [], storages: VzdumpHostFacts['storages'] = labStorages) {
  return vzdumpConfFindings(text, { storages, paths });
}
const brief = (list: ReturnType<typeof findings>) => list.map((f) => [f.verdict, f.title, f.action?.id]);

describe('health check: vzdump.conf', () => {
  it('passes a file that reads cleanly with a local tmpdir that exists', () => {
    const result = findings(`tmpdir: ${LOCAL_TMPDIR}\nstorage: truenas-bu\nmode: stop\n`, [
      { path: LOCAL_TMPDIR, kind: 'dir', fsType: 'zfs' },
    ]);
    assert.deepEqual(brief(result), [
      ['pass', 'vzdump.conf reads cleanly', undefined],
      ['pass', `tmpdir ${LOCAL_TMPDIR} exists on a local filesystem`, undefined],
    ]);
    assert.equal(result[0]?.evidence, '3 options set, no errors');
    assert.equal(result[1]?.evidence, `tmpdir: ${LOCAL_TMPDIR} (dir, zfs)`);
    assert.ok(result.every((f) => f.area === 'vzdump.conf'));
  });

  it('says "unknown filesystem" when findmnt named none, and counts one option in the singular', () => {
    const result = findings(`tmpdir: ${LOCAL_TMPDIR}\n`, [{ path: LOCAL_TMPDIR, kind: 'dir', fsType: '' }]);
    assert.equal(result[0]?.evidence, '1 option set, no errors');
    assert.equal(result[1]?.evidence, `tmpdir: ${LOCAL_TMPDIR} (dir, unknown filesystem)`);
  });

  it("fails on the validator's errors with their line numbers, 1-based, and offers to open the file", () => {
    const text = `# vzdump default settings\nmode: snapshotx\ntmpdir: ${LOCAL_TMPDIR}\ncompresss: zstd\n`;
    const [conf, tmpdir] = findings(text, [{ path: LOCAL_TMPDIR, kind: 'dir', fsType: 'zfs' }]);
    assert.deepEqual(
      [conf?.verdict, conf?.title, conf?.action?.id],
      ['failure', 'vzdump.conf has 2 lines Proxmox rejects', 'openVzdumpConf'],
    );
    assert.equal(
      conf?.evidence,
      'line 2: mode: "snapshotx" is not one of snapshot, suspend, stop. Proxmox drops the setting and uses its default.',
    );
    assert.deepEqual(
      conf?.details?.split('\n').map((l) => l.slice(0, l.indexOf(':'))),
      ['line 2', 'line 4'],
    );
    assert.match(conf?.details ?? '', /^line 4: "compresss" is not a vzdump option.*Did you mean "compress"\?$/m);
    // the tmpdir is judged on its own
    assert.equal(tmpdir?.verdict, 'pass');
  });

  it('says "1 line" for a single error, and counts no warning as an error', () => {
    assert.equal(
      findings('tmpdir: /var/tmp\nbwlimit: fast\n', [{ path: '/var/tmp', kind: 'dir', fsType: 'ext4' }])[0]?.title,
      'vzdump.conf has 1 line Proxmox rejects',
    );
    // maxfiles was removed (a warning), a duplicate line is a warning too: the file still reads cleanly
    const [conf] = findings('maxfiles: 3\nmode: stop\nmode: stop\ntmpdir: /var/tmp\n', [
      { path: '/var/tmp', kind: 'dir', fsType: 'ext4' },
    ]);
    assert.deepEqual(
      [conf?.verdict, conf?.title, conf?.evidence],
      ['pass', 'vzdump.conf reads cleanly', '2 options set, no errors'],
    );
  });

  it('fails a tmpdir on the NFS share, found by its filesystem or by the storage mounted there, and offers a local tmpdir', () => {
    const byFs = findings(`tmpdir: ${NFS_TMPDIR}\n`, [{ path: NFS_TMPDIR, kind: 'dir', fsType: 'nfs4' }]);
    assert.deepEqual(brief(byFs), [
      ['pass', 'vzdump.conf reads cleanly', undefined],
      ['failure', `tmpdir ${NFS_TMPDIR} is not usable`, 'fixTmpdir'],
    ]);
    assert.equal(byFs[1]?.evidence, `${NFS_TMPDIR} is on a network share (nfs4)`);
    assert.match(
      byFs[1]?.details ?? '',
      /rsync cannot set owners, permissions and ACLs there.*Use a local directory such as \/var\/lib\/vz\/vzdump-tmp\.$/,
    );
    const byStorage = findings(`tmpdir: ${NFS_TMPDIR}\n`, [{ path: NFS_TMPDIR, kind: 'dir', fsType: '' }]);
    assert.equal(byStorage[1]?.evidence, `${NFS_TMPDIR} is on a network share (nfs storage "truenas-bu")`);
    assert.equal(byStorage[1]?.action?.id, 'fixTmpdir');
  });

  it('fails a tmpdir that does not exist, or is a file', () => {
    const missing = findings(`tmpdir: ${LOCAL_TMPDIR}\n`, [{ path: LOCAL_TMPDIR, kind: 'missing', fsType: '' }]);
    assert.deepEqual(brief(missing)[1], ['failure', `tmpdir ${LOCAL_TMPDIR} is not usable`, 'fixTmpdir']);
    assert.match(
      missing[1]?.evidence ?? '',
      /^\/var\/lib\/vz\/vzdump-tmp does not exist on the host; vzdump stops at the start of every job/,
    );
    const file = findings('tmpdir: /root/tmp\n', [{ path: '/root/tmp', kind: 'file', fsType: 'zfs' }]);
    assert.deepEqual([file[1]?.verdict, file[1]?.evidence], ['failure', '/root/tmp is a file, not a directory.']);
  });

  it('takes a tmpdir with an inline comment as Proxmox does: the comment is part of the path', () => {
    const value = `${LOCAL_TMPDIR} # local, not the NAS`;
    const result = findings(`tmpdir: ${value}\n`, [{ path: value, kind: 'missing', fsType: '' }]);
    assert.deepEqual(brief(result), [
      ['failure', 'vzdump.conf has 1 line Proxmox rejects', 'openVzdumpConf'],
      ['failure', `tmpdir ${value} is not usable`, 'fixTmpdir'],
    ]);
  });

  it('warns when no tmpdir is set, naming the NFS backup storage when there is one', () => {
    const nfs = findings('# tmpdir: DIR\nstorage: truenas-bu\n');
    assert.deepEqual(brief(nfs), [
      ['pass', 'vzdump.conf reads cleanly', undefined],
      ['warning', 'No tmpdir is set, and backups go to a network share', 'fixTmpdir'],
    ]);
    assert.equal(nfs[1]?.evidence, 'tmpdir: not set');
    assert.match(nfs[1]?.details ?? '', /Container backups to "truenas-bu" \(nfs\)/);

    const local = findings(
      'storage: local\n',
      [],
      labStorages.filter((s) => s.type !== 'nfs'),
    );
    assert.deepEqual(brief(local)[1], ['warning', 'No tmpdir is set', 'fixTmpdir']);
    assert.ok(local[1]?.details?.includes(LOCAL_TMPDIR));
  });

  it('warns about a missing tmpdir when a typo keeps Proxmox from reading it', () => {
    const result = findings(`tmpdri: ${LOCAL_TMPDIR}\n`, [{ path: LOCAL_TMPDIR, kind: 'dir', fsType: 'zfs' }]);
    assert.deepEqual(brief(result), [
      ['failure', 'vzdump.conf has 1 line Proxmox rejects', 'openVzdumpConf'],
      ['warning', 'No tmpdir is set, and backups go to a network share', 'fixTmpdir'],
    ]);
    assert.match(result[0]?.evidence ?? '', /^line 1: "tmpdri" is not a vzdump option.*Did you mean "tmpdir"\?$/);
  });

  it('warns, rather than passing, about a tmpdir the host did not describe', () => {
    const result = findings('tmpdir: vzdump-tmp\n');
    assert.deepEqual(brief(result)[1], ['warning', 'tmpdir vzdump-tmp could not be checked', 'openVzdumpConf']);
    assert.equal(result[1]?.evidence, 'the host did not describe this path');
  });
});
