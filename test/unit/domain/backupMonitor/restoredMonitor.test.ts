import * as assert from 'node:assert/strict';
import { monitorForTitle } from '../../../../src/domain/backup/restoredMonitor';

const upid = (vmid: string, start: string) => `UPID:pve2:00001F40:0001E240:${start}:vzdump:${vmid}:root@pam:`;

describe('matching a monitor restored without its state', () => {
  const open = [
    { host: 'pve2', upid: upid('1031', '6746A1B0') },
    { host: 'pve2', upid: upid('1034', '6746A1B1') },
    { host: 'pve2', upid: upid('1031', '6746A1B2') },
  ];

  it('takes the newest open monitor of the guest in the title', () => {
    assert.equal(monitorForTitle('Backup 1031 · failed', open, new Set())?.upid, upid('1031', '6746A1B2'));
    assert.equal(monitorForTitle('Backup 1034 · running', open, new Set())?.upid, upid('1034', '6746A1B1'));
  });

  it('skips monitors already restored, so two panels of one guest get their own tasks', () => {
    assert.equal(
      monitorForTitle('Backup 1031 · ok', open, new Set([upid('1031', '6746A1B2')]))?.upid,
      upid('1031', '6746A1B0'),
    );
  });

  it('matches nothing for another guest, a VMID that is only a prefix, or a foreign title', () => {
    assert.equal(monitorForTitle('Backup 10006 · ok', open, new Set()), undefined);
    assert.equal(monitorForTitle('Backup 103 · ok', open, new Set()), undefined);
    assert.equal(monitorForTitle('ZFS health', open, new Set()), undefined);
  });
});
