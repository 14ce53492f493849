import * as assert from 'node:assert/strict';
import { WaitTimeoutError, waitUntil } from '../../support/waitUntil';

describe("waitUntil, the tests' one poll-until", () => {
  it('returns the first value that is not undefined, null or false', async () => {
    const answers = [undefined, null, false, 0, 7];
    let calls = 0;
    const value = await waitUntil('a number', () => answers[calls++], { intervalMs: 1 });
    assert.equal(value, 0);
    assert.equal(calls, 4);
  });

  it('awaits a probe that returns a promise', async () => {
    let calls = 0;
    assert.equal(
      await waitUntil('the third call', () => Promise.resolve(++calls === 3 || undefined), { intervalMs: 1 }),
      true,
    );
  });

  it('fails naming what it waited for once the time is up', async () => {
    await assert.rejects(
      waitUntil('the moon to turn blue', () => false, { timeoutMs: 30, intervalMs: 5 }),
      (error: Error) => {
        assert.ok(error instanceof WaitTimeoutError);
        assert.equal(error.message, 'timed out after 30 ms waiting for the moon to turn blue');
        return true;
      },
    );
  });

  it('ends the wait with the error of a probe that throws', async () => {
    await assert.rejects(
      waitUntil('nothing', () => {
        throw new Error('probe broke');
      }),
      /probe broke/,
    );
  });
});
