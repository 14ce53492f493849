import * as assert from 'node:assert/strict';
import { writeTestFinding } from '../../../../src/domain/health/storageFindings';
import { storageWriteTest, type WriteTestStepName } from '../../../../src/domain/proxmox/writeProbe';

// The storage area of the health check: the runbook's write test on pve2's backup storages, its
// steps read from the test script's output as the host prints it.

const NFS_DUMP = '/mnt/pve/truenas-bu/dump';
const LOCAL_DUMP = '/var/lib/vz/dump';

/** The write test's answer: one line per step that ran, "name<TAB>rc<TAB>message". */
function steps(directory: string, answer: [WriteTestStepName, number, string?][]) {
  const stdout = answer.map(([name, rc, message = '']) => `${name}\t${rc}\t${message}\n`).join('');
  return storageWriteTest(directory).parse({ stdout, stderr: '', exitCode: 0 });
}
const ALL_OK: [WriteTestStepName, number][] = [
  ['create', 0],
  ['timestamp', 0],
  ['chown', 0],
  ['chmod', 0],
  ['remove', 0],
];
const SQUASHED = `chown: changing ownership of '${NFS_DUMP}/.pve-ops-write-test-4242': Operation not permitted`;

describe('health check: the write test on a backup storage', () => {
  it('passes a storage where every step works', () => {
    const finding = writeTestFinding('local', LOCAL_DUMP, steps(LOCAL_DUMP, ALL_OK));
    assert.deepEqual(
      [finding.area, finding.verdict, finding.title],
      ['storage', 'pass', `local: create, timestamp, chown, chmod and remove work in ${LOCAL_DUMP}`],
    );
    assert.equal(finding.evidence, 'create ✓ timestamp ✓ chown ✓ chmod ✓ remove ✓');
    assert.equal(finding.action, undefined);
    assert.equal(finding.details?.split('\n')[2], `ok     chown root:root ${LOCAL_DUMP}/.pve-ops-write-test`);
  });

  it('fails at chown on an NFS export that squashes root, quotes the error, and offers a local tmpdir', () => {
    const finding = writeTestFinding(
      'truenas-bu',
      NFS_DUMP,
      steps(NFS_DUMP, [
        ['create', 0],
        ['timestamp', 0],
        ['chown', 1, SQUASHED],
        ['chmod', 0],
        ['remove', 0],
      ]),
    );
    assert.deepEqual(
      [finding.verdict, finding.title, finding.action?.id],
      ['failure', 'truenas-bu: the write test fails at the chown step', 'fixTmpdir'],
    );
    assert.equal(finding.evidence, `chown root:root ${NFS_DUMP}/.pve-ops-write-test: ${SQUASHED}`);
    const details = finding.details?.split('\n') ?? [];
    assert.equal(details[2], `FAILED chown root:root ${NFS_DUMP}/.pve-ops-write-test: ${SQUASHED}`);
    assert.equal(details[3], `ok     chmod 644 ${NFS_DUMP}/.pve-ops-write-test`);
    assert.match(
      finding.details ?? '',
      /\n\nrsync and tar cannot keep owners and permissions here, so container backups that copy through this storage fail\.$/,
    );
  });

  it('names the first step that failed when several do', () => {
    const finding = writeTestFinding(
      'truenas-bu',
      NFS_DUMP,
      steps(NFS_DUMP, [
        ['create', 0],
        ['timestamp', 1, 'touch: setting times: Operation not permitted'],
        ['chown', 1, SQUASHED],
        ['chmod', 1, 'chmod: Operation not permitted'],
        ['remove', 0],
      ]),
    );
    assert.equal(finding.title, 'truenas-bu: the write test fails at the timestamp step');
    assert.equal(
      finding.evidence,
      `touch -t 202401010101.01 ${NFS_DUMP}/.pve-ops-write-test: touch: setting times: Operation not permitted`,
    );
    assert.equal(finding.action?.id, 'fixTmpdir');
  });

  it('fails a storage vzdump cannot even create a file on, with no tmpdir action (a tmpdir would not help)', () => {
    const finding = writeTestFinding(
      'truenas-bu',
      NFS_DUMP,
      steps(NFS_DUMP, [
        ['create', 1, `touch: cannot touch '${NFS_DUMP}/.pve-ops-write-test-4242': Read-only file system`],
      ]),
    );
    assert.deepEqual(
      [finding.verdict, finding.title, finding.action],
      ['failure', 'truenas-bu: the write test fails at the create step', undefined],
    );
    assert.match(
      finding.details ?? '',
      /^FAILED touch .*Read-only file system\n\nvzdump cannot write archives here\.$/,
    );
  });

  it("says 'failed' when the failing step printed nothing", () => {
    const finding = writeTestFinding(
      'truenas-bu',
      NFS_DUMP,
      steps(NFS_DUMP, [
        ['create', 0],
        ['timestamp', 0],
        ['chown', 0],
        ['chmod', 1],
        ['remove', 0],
      ]),
    );
    assert.equal(finding.evidence, `chmod 644 ${NFS_DUMP}/.pve-ops-write-test: failed`);
  });

  it('fails when the test gave no answer at all', () => {
    const finding = writeTestFinding('truenas-bu', NFS_DUMP, []);
    assert.deepEqual(
      [finding.verdict, finding.title, finding.evidence],
      ['failure', 'truenas-bu: the write test did not run', `no answer from the test in ${NFS_DUMP}`],
    );
  });

  // A test cut short (the shell killed after two steps; the runner parses whatever came back)
  // must not claim that chown, chmod and remove work.
  it('does not pass a test that stopped before all five steps answered', () => {
    const finding = writeTestFinding(
      'truenas-bu',
      NFS_DUMP,
      steps(NFS_DUMP, [
        ['create', 0],
        ['timestamp', 0],
      ]),
    );
    assert.deepEqual(
      [finding.verdict, finding.title],
      ['failure', 'truenas-bu: the write test stopped after the timestamp step'],
    );
  });
});
