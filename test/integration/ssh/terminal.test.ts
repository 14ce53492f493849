import * as assert from 'node:assert/strict';
import { openConnection } from '../../../src/remote/connect';
import { SudoPasswordRequiredError, type SshConnection } from '../../../src/remote/sshConnection';
import type { LabInfo } from '../../lab/runtime/labInfo';
import { waitUntil } from '../../support/waitUntil';
import { ensureLab, labDeps, noSecrets, rootTarget } from './labFixture';

describe('SSH layer against the lab: terminals and sudo', function () {
  this.timeout(60_000);
  let lab: LabInfo;
  let root: SshConnection;

  before(async () => {
    lab = await ensureLab();
    root = await openConnection(rootTarget(lab), labDeps(lab));
  });

  after(() => root?.close());

  it('runs an interactive shell in a pty, with resize', async () => {
    const session = await root.openPty({ argv: ['bash', '--norc', '--noprofile', '-i'], rows: 24, cols: 80 });
    let output = '';
    // As long as the test may run: the shell's answer has no deadline of its own.
    const seen = (text: string) =>
      waitUntil(`"${text}" from the shell`, () => output.includes(text), { timeoutMs: 60_000, intervalMs: 20 });
    session.onData((chunk) => (output += chunk.toString('utf8')));
    session.write('echo "answer: $((6*7))"\n');
    await seen('answer: 42');
    session.resize(30, 100);
    session.write('stty size\n');
    await seen('30 100');
    session.write('exit 5\n');
    assert.deepEqual(await session.closed, { exitCode: 5, signal: undefined });
  });

  it('fails at once, naming the sudoers line, when sudo wants a password', async () => {
    const rule = '/etc/sudoers.d/zz-pve-ops-test';
    await root.collect({ script: `echo '${lab.passwordUser} ALL=(ALL) PASSWD: ALL' > ${rule} && chmod 440 ${rule}` });
    try {
      const prompter = { ...noSecrets, password: () => Promise.resolve(lab.password) };
      const user = await openConnection(
        rootTarget(lab, { username: lab.passwordUser, identityFiles: [], sudo: true }),
        labDeps(lab, { prompter }),
      );
      try {
        await assert.rejects(user.collect({ argv: ['pct', 'list'] }), (error: Error) => {
          assert.ok(error instanceof SudoPasswordRequiredError);
          assert.match(error.message, /pveadmin ALL=\(root\) NOPASSWD/);
          return true;
        });
      } finally {
        user.close();
      }
    } finally {
      await root.collect({ argv: ['rm', '-f', rule] });
    }
  });
});
