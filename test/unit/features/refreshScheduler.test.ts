import * as assert from 'node:assert/strict';
import { RefreshScheduler } from '../../../src/features/explorer/refreshScheduler';

// The scheduler only needs the view's visibility; everything else is plain timers.
const fakeView = (visible: boolean) => ({ visible });

/** Resolves after a scheduler running beside the one under test has ticked twice: time passed. */
async function severalIntervalsPass(): Promise<void> {
  const log: string[][] = [];
  const witness = new RefreshScheduler(
    fakeView(true),
    () => 0.01,
    () => ['w'],
    (host) => (log.push([host]), Promise.resolve()),
  );
  witness.update();
  await nextRefresh(log);
  await nextRefresh(log);
  witness.dispose();
}

function nextRefresh(log: string[][]): Promise<string[]> {
  const before = log.length;
  return new Promise((resolve) => {
    const check = setInterval(() => {
      if (log.length > before) {
        clearInterval(check);
        resolve(log[log.length - 1] ?? []);
      }
    }, 5);
  });
}

describe('RefreshScheduler', () => {
  it('refreshes the hosts it is given while the view is visible', async () => {
    const log: string[][] = [];
    const scheduler = new RefreshScheduler(
      fakeView(true),
      () => 0.02,
      () => ['pve2', 'pve3'],
      (host) => (log.push([host]), Promise.resolve()),
    );
    scheduler.update();
    try {
      await nextRefresh(log);
      await nextRefresh(log);
      assert.ok(log.flat().includes('pve2') && log.flat().includes('pve3'));
    } finally {
      scheduler.dispose();
    }
  });

  it('does nothing while the view is hidden or the interval is 0', async () => {
    let calls = 0;
    const hidden = new RefreshScheduler(
      fakeView(false),
      () => 0.01,
      () => ['pve2'],
      () => (calls++, Promise.resolve()),
    );
    const off = new RefreshScheduler(
      fakeView(true),
      () => 0,
      () => ['pve2'],
      () => (calls++, Promise.resolve()),
    );
    hidden.update();
    off.update();
    await severalIntervalsPass();
    [hidden, off].forEach((s) => s.dispose());
    assert.equal(calls, 0);
  });

  it('skips a tick while the previous refresh is still running', async () => {
    let running = 0;
    let overlapped = false;
    const log: string[][] = [];
    let release: () => void = () => undefined;
    const scheduler = new RefreshScheduler(
      fakeView(true),
      () => 0.01,
      () => ['pve2'],
      () => {
        running++;
        if (running > 1) overlapped = true;
        log.push(['start']);
        return new Promise<void>((resolve) => (release = () => (running--, resolve())));
      },
    );
    scheduler.update();
    await nextRefresh(log);
    await severalIntervalsPass(); // while the first refresh hangs
    assert.equal(log.length, 1);
    release();
    await nextRefresh(log);
    release();
    scheduler.dispose();
    assert.equal(overlapped, false);
  });
});
