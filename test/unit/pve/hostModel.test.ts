import * as assert from 'node:assert/strict';
import type { RemoteOperation } from '../../../src/domain/shell/remoteOperation';
import type { ConnectionChange, HostConnection } from '../../../src/pve/connection';
import { HostModel } from '../../../src/pve/hostModel';
import { Memo } from '../../../src/pve/memo';

// The host model's cache: concurrent askers share one remote call, a failure is forgotten, an
// invalidation is honoured, a reload asks again only what was asked, a dropped connection
// forgets the host. The "host" is a fake connection that counts commands and answers from a table.

const RESOURCES = JSON.stringify([{ type: 'node', id: 'node/pve2', node: 'pve2', status: 'online' }]);
const STORAGE_CFG = 'dir: local\n\tpath /var/lib/vz\n\tcontent backup,iso\n';

class FakeHost {
  readonly commands: string[] = [];
  readonly nodes: (string | undefined)[] = [];
  failNext = false;
  private gate: Promise<void> = Promise.resolve();
  private open: (() => void) | undefined;

  /** Holds every answer until release(), so calls overlap. */
  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }

  release(): void {
    this.open?.();
  }

  connection(node?: string): HostConnection {
    return {
      run: async <T>(operation: RemoteOperation<T>): Promise<T> => {
        const text = 'argv' in operation.command ? operation.command.argv.join(' ') : operation.command.script;
        this.commands.push(text);
        this.nodes.push(node);
        await this.gate;
        if (this.failNext) {
          this.failNext = false;
          throw new Error('connection lost');
        }
        const stdout = text.includes('cluster/resources') ? RESOURCES : text.includes('storage.cfg') ? STORAGE_CFG : '';
        return operation.parse({ stdout, stderr: '', exitCode: 0 });
      },
      sftp: () => Promise.reject(new Error('no files here')),
      closed: false,
      onClose: () => () => undefined,
    };
  }
}

function model(host = new FakeHost()) {
  const listeners: ((change: ConnectionChange) => void)[] = [];
  const data = new HostModel(
    (_host, node) => Promise.resolve(host.connection(node)),
    (listener) => {
      listeners.push(listener);
      return { dispose: () => undefined };
    },
  );
  return { host, data, fire: (change: ConnectionChange) => listeners.forEach((l) => l(change)) };
}

describe('HostModel cache', () => {
  it('shares one remote call between concurrent askers', async () => {
    const { host, data } = model();
    host.hold();
    const asked = [data.inventory('pve2'), data.inventory('pve2'), data.inventory('pve2')];
    host.release();
    const [a, b, c] = await Promise.all(asked);
    assert.equal(host.commands.length, 1);
    assert.equal(a, b);
    assert.equal(b, c);
    assert.deepEqual(
      a?.nodes.map((n) => n.node),
      ['pve2'],
    );
  });

  it('forgets a failed answer, so the next ask goes to the host again', async () => {
    const { host, data } = model();
    host.failNext = true;
    await assert.rejects(data.storageDefinitions('pve2'), /connection lost/);
    const definitions = await data.storageDefinitions('pve2');
    assert.deepEqual(
      definitions.map((d) => d.id),
      ['local'],
    );
    assert.equal(host.commands.length, 2);
  });

  it('keeps an answer until it is invalidated, and honours an invalidation of one part only', async () => {
    const { host, data } = model();
    await data.storageDefinitions('pve2');
    await data.vzdumpConf('pve2');
    await data.storageDefinitions('pve2');
    assert.equal(host.commands.length, 2);

    data.invalidate('pve2', 'vzdump.conf');
    await data.storageDefinitions('pve2');
    await data.vzdumpConf('pve2');
    assert.equal(host.commands.length, 3, 'only vzdump.conf is asked again');

    data.invalidate('pve2');
    await data.storageDefinitions('pve2');
    assert.equal(host.commands.length, 4);
  });

  it('keeps hosts apart', async () => {
    const { host, data } = model();
    await data.inventory('pve2');
    data.invalidate('other');
    await data.inventory('pve2');
    await data.inventory('other');
    assert.equal(host.commands.length, 2);
  });

  it('reloads only what was asked before, and answers from the reload', async () => {
    const { host, data } = model();
    await data.inventory('pve2');
    await data.reload('pve2');
    assert.equal(host.commands.length, 2);
    assert.ok(host.commands.every((c) => c.includes('cluster/resources')));
    await data.inventory('pve2');
    assert.equal(host.commands.length, 2, 'the reload answer is cached');
  });

  it('forgets a host when its connection drops, not while it connects', async () => {
    const { host, data, fire } = model();
    await data.inventory('pve2');
    fire({ host: 'pve2', connected: true });
    await data.inventory('pve2');
    assert.equal(host.commands.length, 1);
    fire({ host: 'pve2', connected: false });
    await data.inventory('pve2');
    assert.equal(host.commands.length, 2);
  });

  it('hands the node of a node-local read to the connection source', async () => {
    const { host, data } = model();
    await data.vzdumpConf('pve2', 'pve3');
    await data.storageDefinitions('pve2');
    assert.deepEqual(host.nodes, ['pve3', undefined]);
  });
});

describe('Memo', () => {
  it('asks once per key until forgotten by prefix', async () => {
    const memo = new Memo();
    let asked = 0;
    const ask = () => Promise.resolve(++asked);
    assert.equal(await memo.get('paths:a', ask), 1);
    assert.equal(await memo.get('paths:a', ask), 1);
    assert.equal(await memo.get('pools:', ask), 2);
    memo.forget('paths:');
    assert.equal(await memo.get('paths:a', ask), 3);
    assert.equal(await memo.get('pools:', ask), 2);
  });

  it('does not let a stale failure remove a newer answer', async () => {
    const memo = new Memo();
    let fail!: (error: Error) => void;
    const first = memo.get('k', () => new Promise<number>((_resolve, reject) => (fail = reject)));
    memo.forget('k');
    const second = memo.get('k', () => Promise.resolve(2));
    fail(new Error('late failure'));
    await assert.rejects(first);
    assert.equal(await memo.get('k', () => Promise.resolve(3)), 2);
    assert.equal(await second, 2);
  });
});
