import * as assert from 'node:assert/strict';
import { ConnectionPool } from '../../../src/remote/connectionPool';
import { openConnection } from '../../../src/remote/connect';
import type { SshConnection } from '../../../src/remote/sshConnection';
import { killLabSshConnections } from '../../lab/runtime/lab';
import type { LabInfo } from '../../lab/runtime/labInfo';
import { waitUntil } from '../../support/waitUntil';
import { ensureLab, labDeps, quietLogger, rootTarget } from './labFixture';

describe('SSH layer against the lab: commands', function () {
  this.timeout(120_000);
  let lab: LabInfo;
  let connection: SshConnection;

  before(async () => {
    lab = await ensureLab();
    connection = await openConnection(rootTarget(lab), labDeps(lab));
  });

  after(() => connection?.close());

  it('passes every argument through unchanged and reports the exit code', async () => {
    const args = ['plain', 'two words', "it's", '$(hostname)', '`id`', 'a;b|c&&d', '*', ''];
    const out = await connection.collect({ argv: ['printf', '%s\\n', ...args] });
    assert.deepEqual(out.stdout.split('\n').slice(0, -1), args);
    assert.equal((await connection.collect({ argv: ['sh', '-c', 'exit 7'] })).exitCode, 7);
  });

  it('runs a script on stdin as bash would, streaming stdout and stderr apart', async () => {
    const out = await connection.collect({
      script: 'set -o pipefail\necho out | tr a-z A-Z\necho err >&2\nfalse || echo recovered\nexit 3\n',
    });
    assert.equal(out.stdout, 'OUT\nrecovered\n');
    assert.equal(out.stderr, 'err\n');
    assert.equal(out.exitCode, 3);
  });

  it('completes 200 commands started at once, queueing under MaxSessions', async () => {
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => connection.collect({ argv: ['echo', String(i)] })),
    );
    assert.deepEqual(
      results.map((r) => r.stdout),
      Array.from({ length: 200 }, (_, i) => `${i}\n`),
    );
    assert.deepEqual(
      results.filter((r) => r.exitCode !== 0),
      [],
    );
  });

  it('cancels a running command and leaves no remote process behind', async () => {
    // A unique duration makes the remote sleep findable by its command line.
    const marker = `sleep 600.${process.pid}${Date.now() % 100000}`;
    const controller = new AbortController();
    let started: () => void = () => undefined;
    const running = new Promise<void>((resolve) => (started = resolve));
    const run = connection.exec(
      { script: `echo started\n${marker} &\n${marker}\nwait\n` },
      { signal: controller.signal, onStdout: () => started() },
    );
    await running;
    await waitUntil(
      'both remote sleeps to run',
      async () => (await connection.collect({ argv: ['pgrep', '-f', marker] })).stdout.trim().split('\n').length === 2,
      { timeoutMs: 10_000 },
    );
    controller.abort();
    await assert.rejects(run, (error: Error) => error.name === 'AbortError');
    const after = await connection.collect({ argv: ['pgrep', '-f', marker] });
    assert.equal(after.stdout, '', `processes left on the host: ${after.stdout}`);
    assert.equal(after.exitCode, 1);
  });

  it('streams 100 MB of output with flat memory', async () => {
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    let bytes = 0;
    const result = await connection.exec(
      { argv: ['head', '-c', String(100 * 1024 * 1024), '/dev/zero'] },
      {
        onStdout: (chunk) => {
          bytes += chunk.length;
          peak = Math.max(peak, process.memoryUsage().rss);
        },
      },
    );
    assert.equal(result.exitCode, 0);
    assert.equal(bytes, 100 * 1024 * 1024);
    const growthMiB = (peak - baseline) / 1024 / 1024;
    assert.ok(growthMiB < 48, `memory grew by ${growthMiB.toFixed(1)} MiB while streaming 100 MiB`);
  });

  it('refuses to collect more output than its limit and ends the command', async () => {
    await assert.rejects(
      connection.collect({ argv: ['head', '-c', '2000000', '/dev/zero'] }, { maxBytes: 1_000_000 }),
      /larger than 1000000 bytes/,
    );
  });

  it('reconnects on the next use after the lab drops the connection', async () => {
    const states: string[] = [];
    const pool = new ConnectionPool(() => Promise.resolve(rootTarget(lab)), labDeps(lab), quietLogger);
    pool.onDidChangeState((_host, state) => states.push(state.status));
    try {
      const first = await pool.get('pve2');
      const dropped = new Promise<void>((resolve) => first.onClose(() => resolve()));
      assert.ok(killLabSshConnections() > 0, 'the lab found no connection to kill');
      await dropped;
      const state = pool.state('pve2');
      assert.equal(state.status, 'disconnected');
      assert.match(state.status === 'disconnected' ? (state.reason ?? '') : '', /connection lost/);
      const second = await pool.get('pve2');
      assert.notEqual(second, first);
      assert.equal((await second.collect({ argv: ['hostname'] })).stdout.trim(), lab.nodeName);
      assert.deepEqual(states, ['connecting', 'connected', 'disconnected', 'connecting', 'connected']);
    } finally {
      pool.dispose();
    }
    // our own shared connection was dropped too; open a fresh one for any later test
    connection = await openConnection(rootTarget(lab), labDeps(lab));
  });

  it('opens one connection when a state listener asks for the connection again', async () => {
    let opened = 0;
    const pool = new ConnectionPool(() => (opened++, Promise.resolve(rootTarget(lab))), labDeps(lab), quietLogger);
    const asked: Promise<SshConnection>[] = [];
    // what the status bar does: every state change looks at the host again
    pool.onDidChangeState(() => {
      if (asked.length < 50) asked.push(pool.get('pve2'));
    });
    try {
      const first = await pool.get('pve2');
      const all = await Promise.all(asked);
      assert.equal(opened, 1);
      assert.ok(all.every((c) => c === first));
    } finally {
      pool.dispose();
    }
  });

  it('shares one connection between concurrent callers', async () => {
    let opened = 0;
    const pool = new ConnectionPool(() => (opened++, Promise.resolve(rootTarget(lab))), labDeps(lab), quietLogger);
    try {
      const [a, b, c] = await Promise.all([pool.get('pve2'), pool.get('pve2'), pool.get('pve2')]);
      assert.equal(opened, 1);
      assert.ok(a === b && b === c);
    } finally {
      pool.dispose();
    }
  });
});
