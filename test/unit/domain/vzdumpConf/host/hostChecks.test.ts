import * as assert from 'node:assert/strict';
import { parseStorageCfg } from '../../../../../src/domain/proxmox/storageConfig';
import {
  checkAgainstHost,
  pathFactsOperation,
  pathsToCheck,
  storagesFromConfig,
  type VzdumpHostFacts,
} from '../../../../../src/domain/vzdumpConf/hostChecks';
import { scanVzdumpConf, validateVzdumpConf } from '../../../../../src/domain/vzdumpConf/index';

const STORAGE_CFG = `dir: local
\tpath /var/lib/vz
\tcontent iso,vztmpl,backup

zfspool: local-zfs
\tpool rpool/data
\tcontent images,rootdir

nfs: truenas-bu
\texport /mnt/main_pool/bu
\tpath /mnt/pve/truenas-bu
\tserver truenas.lan
\tcontent backup
`;
const storages = storagesFromConfig(parseStorageCfg(STORAGE_CFG));

function check(text: string, paths: VzdumpHostFacts['paths'] = []) {
  const { values } = validateVzdumpConf(text);
  return checkAgainstHost(scanVzdumpConf(text), values, { storages, paths });
}

describe('vzdump.conf checked against the host', () => {
  it('says nothing about a local tmpdir that exists and a backup storage that exists', () => {
    assert.deepEqual(
      check('tmpdir: /var/lib/vz/vzdump-tmp\nstorage: truenas-bu\n', [
        { path: '/var/lib/vz/vzdump-tmp', kind: 'dir', fsType: 'zfs' },
      ]),
      [],
    );
  });

  it('flags a storage the host does not have, or one that holds no backups', () => {
    const [missing] = check('storage: nas\ntmpdir: /t\n', [{ path: '/t', kind: 'dir', fsType: 'ext4' }]);
    assert.equal(missing?.severity, 'error');
    assert.match(missing?.message ?? '', /no storage "nas".*local, local-zfs, truenas-bu/);
    assert.deepEqual([missing?.line, missing?.startColumn, missing?.endColumn], [0, 9, 12]);
    assert.match(
      check('storage: local-zfs\ntmpdir: /t\n', [{ path: '/t', kind: 'dir', fsType: 'ext4' }])[0]?.message ?? '',
      /does not hold backups \(its content is images, rootdir\)/,
    );
  });

  it('flags a tmpdir or dumpdir that is missing or not a directory', () => {
    const found = check('tmpdir: /nope\ndumpdir: /etc/hosts\n', [
      { path: '/nope', kind: 'missing', fsType: '' },
      { path: '/etc/hosts', kind: 'file', fsType: 'ext4' },
    ]);
    assert.deepEqual(
      found.map((d) => [d.line, d.severity]),
      [
        [0, 'error'],
        [1, 'error'],
      ],
    );
    assert.match(found[0]?.message ?? '', /does not exist on the host/);
    assert.match(found[1]?.message ?? '', /is a file, not a directory/);
  });

  it('warns about a tmpdir on a network share, by mount type or by storage.cfg, and offers the local one', () => {
    const byMount = check('tmpdir: /mnt/share/tmp\n', [{ path: '/mnt/share/tmp', kind: 'dir', fsType: 'nfs4' }]);
    assert.equal(byMount[0]?.severity, 'warning');
    assert.match(byMount[0]?.message ?? '', /network share \(nfs4\).*Operation not permitted/);
    assert.equal(byMount[0]?.fix?.replacementLine, 'tmpdir: /var/lib/vz/vzdump-tmp');
    const byStorage = check('tmpdir: /mnt/pve/truenas-bu/tmp\n', [
      { path: '/mnt/pve/truenas-bu/tmp', kind: 'dir', fsType: 'ext4' },
    ]);
    assert.match(byStorage[0]?.message ?? '', /nfs storage "truenas-bu"/);
    assert.deepEqual(
      check('tmpdir: /mnt/pve/truenas-bu-local\n', [
        { path: '/mnt/pve/truenas-bu-local', kind: 'dir', fsType: 'ext4' },
      ]),
      [],
    );
  });

  it('explains a missing tmpdir when backups go to NFS, on the commented tmpdir line of the shipped file', () => {
    const shipped = '# vzdump default settings\n\n#tmpdir: DIR\n#dumpdir: DIR\n';
    const [note] = check(shipped);
    assert.equal(note?.severity, 'information');
    assert.equal(note?.line, 2);
    assert.match(note?.message ?? '', /No tmpdir is set.*"truenas-bu" \(nfs\)/);
    assert.deepEqual([note?.fix?.replacementLine, note?.fix?.insert], ['tmpdir: /var/lib/vz/vzdump-tmp', false]);
    const [inserted] = check('mode: stop\n');
    assert.deepEqual([inserted?.line, inserted?.fix?.insert], [0, true]);
  });

  it('asks the host about the absolute tmpdir and dumpdir only, with every path quoted', () => {
    assert.deepEqual(pathsToCheck({ tmpdir: '/t', dumpdir: 'relative', storage: 'x' }), ['/t']);
    const operation = pathFactsOperation(["/it's here"]);
    assert.ok(
      'script' in operation.command && operation.command.script.includes(`for p in '/it'\\''s here'; do`),
      JSON.stringify(operation.command),
    );
    const parsed = operation.parse({
      stdout: "dir\tnfs4\t/it's here\nmissing\t\t/x\ngarbage\n",
      stderr: '',
      exitCode: 0,
    });
    assert.deepEqual(parsed, [
      { kind: 'dir', fsType: 'nfs4', path: "/it's here" },
      { kind: 'missing', fsType: '', path: '/x' },
    ]);
  });
});
