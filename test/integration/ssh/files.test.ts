import * as assert from 'node:assert/strict';
import { openConnection } from '../../../src/remote/connect';
import { RemoteFileConflictError, RemoteFiles } from '../../../src/remote/remoteFiles';
import type { SshConnection } from '../../../src/remote/sshConnection';
import { killLabSshConnections } from '../../lab/runtime/lab';
import type { LabInfo } from '../../lab/runtime/labInfo';
import { waitUntil } from '../../support/waitUntil';
import { ensureLab, labDeps, rootTarget } from './labFixture';

const dir = '/root/pve-ops-files-test';

describe('SSH layer against the lab: files over SFTP', function () {
  this.timeout(120_000);
  let lab: LabInfo;
  let connection: SshConnection;
  let files: RemoteFiles;

  const sh = async (script: string) => (await connection.collect({ script })).stdout;

  beforeEach(async () => {
    lab = await ensureLab();
    connection = await openConnection(rootTarget(lab), labDeps(lab));
    files = new RemoteFiles(connection);
    await sh(`rm -rf ${dir} && mkdir -p ${dir}`);
  });

  afterEach(() => connection?.close());

  it('reads and stats a file, and reports a missing one as undefined', async () => {
    await sh(`printf 'tmpdir: /var/lib/vz/vzdump-tmp\\n' > ${dir}/vzdump.conf`);
    assert.equal((await files.readFile(`${dir}/vzdump.conf`)).toString(), 'tmpdir: /var/lib/vz/vzdump-tmp\n');
    const stat = await files.stat(`${dir}/vzdump.conf`);
    assert.equal(stat?.size, 31);
    assert.equal(stat?.isFile, true);
    assert.equal(await files.stat(`${dir}/missing`), undefined);
    await assert.rejects(files.readFile(`${dir}/missing`), /Could not read .*missing: no such file or directory/);
  });

  it('replaces a file atomically and keeps its mode and owner', async () => {
    await sh(
      `printf 'old\\n' > ${dir}/conf && chown ${lab.passwordUser}:${lab.passwordUser} ${dir}/conf && chmod 640 ${dir}/conf`,
    );
    await files.writeFileAtomic(`${dir}/conf`, Buffer.from('new\n'));
    assert.equal(
      await sh(`cat ${dir}/conf; stat -c '%U:%G %a' ${dir}/conf; ls -A ${dir}`),
      `new\n${lab.passwordUser}:${lab.passwordUser} 640\nconf\n`,
    );
  });

  it('creates a new file with the requested mode', async () => {
    await files.writeFileAtomic(`${dir}/fresh`, Buffer.from('x'), { newFileMode: 0o600 });
    assert.equal(await sh(`stat -c '%a %s' ${dir}/fresh`), '600 1\n');
  });

  it('refuses to overwrite a file that changed since it was read', async () => {
    await sh(`printf 'v1\\n' > ${dir}/conf`);
    const seen = await files.stat(`${dir}/conf`);
    assert.ok(seen);
    await sh(`printf 'someone else\\n' > ${dir}/conf && touch -d '2001-01-01' ${dir}/conf`);
    await assert.rejects(
      files.writeFileAtomic(`${dir}/conf`, Buffer.from('mine\n'), { expect: { size: seen.size, mtime: seen.mtime } }),
      RemoteFileConflictError,
    );
    assert.equal(await sh(`cat ${dir}/conf; ls -A ${dir}`), 'someone else\nconf\n');
  });

  it('leaves the old file intact when the connection drops in the middle of a write', async () => {
    await sh(`printf 'the old content\\n' > ${dir}/conf`);
    const watcher = await openConnection(rootTarget(lab), labDeps(lab));
    const write = files.writeFileAtomic(`${dir}/conf`, Buffer.alloc(64 * 1024 * 1024, 'n'));
    const outcome = write.then(
      () => 'written',
      (error: unknown) => String(error),
    );
    try {
      // Cut the connection once the temporary file is being filled.
      await waitUntil(
        'the temporary file to grow',
        async () =>
          (await watcher.collect({ argv: ['find', dir, '-name', '.conf.*.tmp', '-size', '+64k'] })).stdout.trim() !==
          '',
        { timeoutMs: 30_000 },
      );
    } finally {
      watcher.close();
    }
    assert.ok(killLabSshConnections() > 0);
    assert.notEqual(await outcome, 'written');
    connection = await openConnection(rootTarget(lab), labDeps(lab));
    assert.equal((await connection.collect({ argv: ['cat', `${dir}/conf`] })).stdout, 'the old content\n');
  });
});
