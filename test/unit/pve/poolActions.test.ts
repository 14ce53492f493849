import * as assert from 'node:assert/strict';
import { RemoteCommandError, type RemoteOperation } from '../../../src/domain/shell/remoteOperation';
import type { Logger } from '../../../src/domain/logging/logger';
import {
  performPoolAction,
  poolActionBusyText,
  poolActionProgressTitle,
  type PoolActionDeps,
} from '../../../src/pve/zfs/poolActions';

// Scrub, Stop Scrub and Clear Errors: ask (clear only), be busy only while the host works, then one
// info line; nothing logged or run when the user keeps the errors.

type Event = string;

function fakeDeps(events: Event[], options: { answer?: boolean; fail?: boolean } = {}): PoolActionDeps {
  const logger: Logger = {
    trace: () => undefined,
    debug: () => undefined,
    info: (text) => events.push(`info: ${text}`),
    warn: (text) => events.push(`warn: ${text}`),
    error: (text) => events.push(`error: ${String(text)}`),
    scoped: () => logger,
  };
  return {
    logger,
    confirm: (message, _detail, action, safe) => {
      events.push(`ask: ${message} [${safe} | ${action}]`);
      return Promise.resolve(options.answer ?? false);
    },
    run: <T>(host: string, operation: RemoteOperation<T>): Promise<T> => {
      const argv = 'argv' in operation.command ? operation.command.argv.join(' ') : operation.command.script;
      events.push(`run on ${host}: ${argv}`);
      if (options.fail)
        return Promise.reject(
          new RemoteCommandError(argv, {
            stdout: '',
            stderr: 'cannot cancel scrubbing rpool: there is no active scrub',
            exitCode: 1,
          }),
        );
      return Promise.resolve(operation.parse({ stdout: '', stderr: '', exitCode: 0 }));
    },
  };
}

/** A busy display that records when it starts and ends around the host's work. */
function recordingBusy(events: Event[]) {
  return async <T>(work: () => Promise<T>): Promise<T> => {
    events.push('busy');
    try {
      return await work();
    } finally {
      events.push('idle');
    }
  };
}

describe('pool actions', () => {
  it('starts a scrub: busy around `zpool scrub`, then one info line with host, pool and outcome', async () => {
    const events: Event[] = [];
    assert.equal(await performPoolAction(fakeDeps(events), 'scrub', 'pve2', 'rpool', recordingBusy(events)), true);
    assert.deepEqual(events, [
      'busy',
      'run on pve2: zpool scrub rpool',
      'idle',
      'info: scrub of rpool on pve2 started',
    ]);
  });

  it('stops a scrub with `zpool scrub -s`', async () => {
    const events: Event[] = [];
    await performPoolAction(fakeDeps(events), 'stopScrub', 'pve2', 'rpool', recordingBusy(events));
    assert.deepEqual(events, [
      'busy',
      'run on pve2: zpool scrub -s rpool',
      'idle',
      'info: scrub of rpool on pve2 stopped',
    ]);
  });

  it('asks before clearing errors, Keep Errors first, and is busy only after the answer', async () => {
    const events: Event[] = [];
    assert.equal(
      await performPoolAction(fakeDeps(events, { answer: true }), 'clear', 'pve2', 'rpool', recordingBusy(events)),
      true,
    );
    assert.deepEqual(events, [
      'ask: Clear the errors of rpool on pve2? [Keep Errors | Clear Errors]',
      'busy',
      'run on pve2: zpool clear rpool',
      'idle',
      'info: errors of rpool on pve2 cleared',
    ]);
  });

  it('keeping the errors runs nothing and logs nothing', async () => {
    const events: Event[] = [];
    assert.equal(
      await performPoolAction(fakeDeps(events, { answer: false }), 'clear', 'pve2', 'rpool', recordingBusy(events)),
      false,
    );
    assert.deepEqual(events, ['ask: Clear the errors of rpool on pve2? [Keep Errors | Clear Errors]']);
  });

  it('a failed host command ends the busy state and is thrown for the caller to report, without an info line', async () => {
    const events: Event[] = [];
    await assert.rejects(
      performPoolAction(fakeDeps(events, { fail: true }), 'stopScrub', 'pve2', 'rpool', recordingBusy(events)),
      RemoteCommandError,
    );
    assert.deepEqual(events, ['busy', 'run on pve2: zpool scrub -s rpool', 'idle']);
  });

  it('says what is under way', () => {
    assert.equal(poolActionBusyText('scrub'), 'Starting scrub…');
    assert.equal(poolActionBusyText('stopScrub'), 'Stopping scrub…');
    assert.equal(poolActionBusyText('clear'), 'Clearing errors…');
    assert.equal(poolActionProgressTitle('scrub', 'rpool', 'pve2'), 'Starting scrub of rpool on pve2…');
  });
});
