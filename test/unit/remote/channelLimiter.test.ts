import * as assert from 'node:assert/strict';
import { ChannelLimiter } from '../../../src/remote/channelLimiter';
import { backoffDelay } from '../../../src/remote/connectionPool';

describe('ChannelLimiter', () => {
  it('grants up to its limit and queues the rest in order', async () => {
    const limiter = new ChannelLimiter(2);
    const first = await limiter.acquire();
    await limiter.acquire();
    const order: number[] = [];
    const third = limiter.acquire().then((release) => (order.push(3), release));
    const fourth = limiter.acquire().then((release) => (order.push(4), release));
    assert.equal(limiter.inUse, 2);
    assert.equal(limiter.queued, 2);
    first();
    (await third)();
    await fourth;
    assert.deepEqual(order, [3, 4]);
    assert.equal(limiter.queued, 0);
  });

  it('ignores a second release of the same slot', async () => {
    const limiter = new ChannelLimiter(1);
    const release = await limiter.acquire();
    release();
    release();
    assert.equal(limiter.inUse, 0);
  });

  it('lets an aborted caller leave the queue', async () => {
    const limiter = new ChannelLimiter(1);
    const release = await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    controller.abort();
    await assert.rejects(waiting);
    assert.equal(limiter.queued, 0);
    release();
    assert.equal(limiter.inUse, 0);
  });
});

describe('backoffDelay', () => {
  it('grows from half a second and stops at 30 s', () => {
    assert.deepEqual([0, 1, 2, 3, 7, 20].map(backoffDelay), [0, 500, 1000, 2000, 30_000, 30_000]);
  });
});
