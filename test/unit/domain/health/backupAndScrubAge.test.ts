import * as assert from 'node:assert/strict';
import { backupAgeFindings } from '../../../../src/domain/health/backupAge';
import { lastScrubEnd, scrubAgeFinding } from '../../../../src/domain/health/scrubAge';
import type { GuestInfo } from '../../../../src/domain/proxmox/inventory';
import { parseZpoolStatus } from '../../../../src/domain/zfs/parseZpoolStatus';
import { readFixture } from '../zfs/zpoolFixtures';

// Two of the health check's verdicts (issue 10), on the lab's facts.

function guest(vmid: number, name: string, template = false): GuestInfo {
  return { vmid, name, type: 'lxc', node: 'pve2', status: 'running', uptime: 0, mem: 0, maxmem: 0, tags: [], template };
}
const NOW = Date.UTC(2026, 10, 26, 17, 0) / 1000;
const archive = (vmid: number, daysOld: number) => ({
  storage: 'local',
  item: {
    volid: `local:backup/vzdump-lxc-${vmid}-${daysOld}.tar.zst`,
    content: 'backup',
    vmid,
    ctime: NOW - daysOld * 86_400,
  },
});

describe('health check: backup age per guest', () => {
  it('passes a fresh backup, warns about an old one, fails a guest with none, and skips templates', () => {
    const findings = backupAgeFindings(
      [guest(1031, 'docker'), guest(1034, 'plex'), guest(1008, 'caddy'), guest(9000, 'tpl', true)],
      [archive(1031, 1), archive(1031, 20), archive(1034, 9)],
      NOW,
      7,
    );
    assert.deepEqual(
      findings.map((f) => [f.verdict, f.title]),
      [
        ['pass', '1031 docker is backed up'],
        ['warning', '1034 plex: newest backup is older than 7 days'],
        ['failure', '1008 caddy has no backup'],
      ],
    );
    assert.equal(findings[0]?.evidence, 'local:backup/vzdump-lxc-1031-1.tar.zst, 1 day old');
    assert.deepEqual(
      findings.map((f) => f.action?.target),
      [undefined, '1034', '1008'],
      'Back Up Now is offered where a backup is missing or old',
    );
  });
});

describe('health check: last scrub', () => {
  it('reads the end of a finished scrub in both the zfs-fuse and the OpenZFS wording', () => {
    assert.equal(
      lastScrubEnd('scrub completed after 0h0m with 3 errors on Thu Nov 26 16:59:51 2026')?.toISOString(),
      '2026-11-26T16:59:51.000Z',
    );
    assert.equal(
      lastScrubEnd('scan: scrub repaired 0B in 00:00:01 with 0 errors on Sun Nov  3 00:24:02 2024')?.toISOString(),
      '2024-11-03T00:24:02.000Z',
    );
    assert.equal(lastScrubEnd('none requested'), undefined);
  });

  it("passes the lab seed's fresh scrub and warns once it is older than 35 days", () => {
    const [pool] = parseZpoolStatus(readFixture('40-lab-seed.txt'));
    assert.ok(pool);
    assert.equal(scrubAgeFinding(pool, new Date(Date.UTC(2026, 10, 27))).verdict, 'pass');
    const old = scrubAgeFinding(pool, new Date(Date.UTC(2027, 0, 10)));
    assert.equal(old.verdict, 'warning');
    assert.equal(old.title, 'rpool: last scrub 44 days ago');
    assert.equal(old.action?.id, 'scrub');
    assert.equal(scrubAgeFinding({ name: 'tank', scan: undefined }, new Date()).verdict, 'warning');
  });
});
