import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sha256Fingerprint } from '../../../src/domain/ssh/sshKey';
import { HostKeyRejectedError, openConnection } from '../../../src/remote/connect';
import { HostKeyVerifier, type TrustAnswer } from '../../../src/remote/hostKeyVerifier';
import { TrustStore } from '../../../src/remote/trustStore';
import type { LabInfo } from '../../lab/runtime/labInfo';
import { resetLab } from '../../lab/runtime/lab';
import { waitUntil } from '../../support/waitUntil';
import { ensureLab, labDeps, noSecrets, quietLogger, rootTarget } from './labFixture';

describe('SSH layer against the lab: authentication and host keys', function () {
  this.timeout(120_000);
  let lab: LabInfo;
  let scratch: string;

  before(async () => {
    lab = await ensureLab();
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'pve-ops-ssh-'));
  });

  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it('authenticates root with a key file', async () => {
    const connection = await openConnection(rootTarget(lab), labDeps(lab));
    try {
      assert.equal(connection.authMethod, 'publickey');
      const out = await connection.collect({ argv: ['hostname'] });
      assert.equal(out.stdout.trim(), lab.nodeName);
    } finally {
      connection.close();
    }
  });

  it('authenticates through a real ssh-agent', async () => {
    const socket = path.join(scratch, 'agent.sock');
    const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
    try {
      await waitUntil(`ssh-agent's socket ${socket}`, () => fs.existsSync(socket), { timeoutMs: 5_000 });
      execFileSync('ssh-add', [lab.clientKeyPath], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: 'ignore' });
      const connection = await openConnection(rootTarget(lab, { identityFiles: [] }), labDeps(lab, { agent: socket }));
      try {
        assert.equal(connection.authMethod, 'agent');
        assert.equal((await connection.collect({ argv: ['id', '-un'] })).stdout.trim(), 'root');
      } finally {
        connection.close();
      }
    } finally {
      agent.kill();
    }
  });

  it('authenticates with a password, asked through the prompter, and runs commands through sudo -n', async () => {
    const asked: string[] = [];
    const prompter = {
      ...noSecrets,
      password: (user: string, host: string) => (asked.push(`${user}@${host}`), Promise.resolve(lab.password)),
    };
    const target = rootTarget(lab, {
      username: lab.passwordUser,
      identityFiles: [path.join(scratch, 'no-such-key')],
      sudo: true,
    });
    const connection = await openConnection(target, labDeps(lab, { prompter }));
    try {
      assert.match(connection.authMethod, /password|keyboard-interactive/);
      assert.deepEqual(asked, [`${lab.passwordUser}@${lab.host}`]);
      assert.equal(
        (await connection.collect({ argv: ['id', '-u'] })).stdout.trim(),
        '0',
        'sudo -n did not make the command run as root',
      );
    } finally {
      connection.close();
    }
  });

  it('asks for the passphrase of an encrypted key, and again after a wrong one', async () => {
    const encrypted = path.join(scratch, 'encrypted_ed25519');
    fs.copyFileSync(lab.clientKeyPath, encrypted);
    fs.chmodSync(encrypted, 0o600);
    execFileSync('ssh-keygen', ['-q', '-p', '-P', '', '-N', 'correct horse', '-f', encrypted]);
    const answers = ['wrong guess', 'correct horse'];
    const asked: Array<[string, number]> = [];
    const rejected: string[] = [];
    const prompter = {
      ...noSecrets,
      passphrase: (file: string, attempt: number) => (asked.push([file, attempt]), Promise.resolve(answers.shift())),
      rejected: (kind: string, id: string) => void rejected.push(`${kind}:${id}`),
    };
    const connection = await openConnection(
      rootTarget(lab, { identityFiles: [encrypted] }),
      labDeps(lab, { prompter }),
    );
    try {
      assert.equal(connection.authMethod, 'publickey');
      assert.deepEqual(asked, [
        [encrypted, 1],
        [encrypted, 2],
      ]);
      assert.deepEqual(rejected, [`passphrase:${encrypted}`], 'a remembered wrong passphrase must be forgotten');
    } finally {
      connection.close();
    }
  });

  it('fails with a clear message when no method is accepted', async () => {
    const target = rootTarget(lab, { username: lab.passwordUser, identityFiles: [] });
    await assert.rejects(
      openConnection(target, labDeps(lab)),
      /Could not connect to pveadmin@127\.0\.0\.1:\d+: authentication failed/,
    );
  });

  it('honours a hashed known_hosts entry', async () => {
    const knownHosts = path.join(scratch, 'known_hosts_hashed');
    fs.writeFileSync(knownHosts, `[${lab.host}]:${lab.port} ${lab.hostKey}\n`);
    execFileSync('ssh-keygen', ['-H', '-f', knownHosts], { stdio: 'ignore' });
    assert.match(fs.readFileSync(knownHosts, 'utf8'), /^\|1\|/);
    const verifier = new HostKeyVerifier({
      knownHostsFiles: () => [knownHosts],
      trustStore: new TrustStore(path.join(scratch, 'none.json')),
      strict: () => 'yes',
      prompt: { askUnknown: () => Promise.resolve('cancel') },
      logger: quietLogger,
    });
    const connection = await openConnection(
      rootTarget(lab),
      labDeps(lab, { verifyHostKey: (q) => verifier.verify(q) }),
    );
    connection.close();
  });

  it('asks about an unknown key, refuses on cancel and remembers on "trust and remember"', async () => {
    const asked: Array<{ fingerprint: string }> = [];
    let answer: TrustAnswer = 'cancel';
    const trustStore = new TrustStore(path.join(scratch, 'trust.json'));
    const verifier = new HostKeyVerifier({
      knownHostsFiles: () => [],
      trustStore,
      strict: () => 'ask',
      prompt: { askUnknown: (details) => (asked.push(details), Promise.resolve(answer)) },
      logger: quietLogger,
    });
    const deps = labDeps(lab, { verifyHostKey: (q) => verifier.verify(q) });
    await assert.rejects(openConnection(rootTarget(lab), deps), HostKeyRejectedError);
    assert.deepEqual(
      asked.map((a) => a.fingerprint),
      [lab.hostKeyFingerprint],
    );
    answer = 'remember';
    (await openConnection(rootTarget(lab), deps)).close();
    assert.equal(asked.length, 2);
    assert.equal((await trustStore.list()).length, 1);
    (await openConnection(rootTarget(lab), deps)).close();
    assert.equal(asked.length, 2, 'a remembered key must not be asked about again');
  });

  it('reaches the lab through a ProxyJump host, verifying both host keys', async () => {
    const seen: string[] = [];
    const strict = labDeps(lab);
    const deps = labDeps(lab, {
      verifyHostKey: (q) => (seen.push(sha256Fingerprint(q.presented.blob)), strict.verifyHostKey(q)),
    });
    const jump = { host: lab.jump.host, port: lab.jump.port, username: 'root', identityFiles: [lab.clientKeyPath] };
    const connection = await openConnection(rootTarget(lab, { jumps: [jump] }), deps);
    try {
      assert.deepEqual(seen, [lab.jump.hostKeyFingerprint, lab.hostKeyFingerprint]);
      assert.equal((await connection.collect({ argv: ['hostname'] })).stdout.trim(), lab.nodeName);
    } finally {
      connection.close();
    }
  });

  it('refuses a changed host key (the lab regenerates it) and names both fingerprints', async () => {
    const trustStore = new TrustStore(path.join(scratch, 'trust-changed.json'));
    const verifier = new HostKeyVerifier({
      knownHostsFiles: () => [],
      trustStore,
      strict: () => 'accept-new',
      prompt: { askUnknown: () => Promise.resolve('cancel') },
      logger: quietLogger,
    });
    const deps = labDeps(lab, { verifyHostKey: (q) => verifier.verify(q) });
    (await openConnection(rootTarget(lab), deps)).close();
    const before = lab.hostKeyFingerprint;
    lab = await resetLab(['seed', 'rekey']);
    assert.notEqual(lab.hostKeyFingerprint, before);
    await assert.rejects(openConnection(rootTarget(lab), deps), (error: Error) => {
      assert.ok(error instanceof HostKeyRejectedError);
      assert.match(error.message, /has CHANGED/);
      assert.ok(error.message.includes(before) && error.message.includes(lab.hostKeyFingerprint), error.message);
      return true;
    });
  });
});
