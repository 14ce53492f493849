import * as assert from 'node:assert/strict';
import type { BackupMode } from '../../../../src/domain/backup/backupPlan';
import { policyFindings, stopModeSetting, type PolicyInput } from '../../../../src/domain/health/policyFindings';
import { parseMountPoints, type MountPoint } from '../../../../src/domain/proxmox/guestConfig';
import type { GuestInfo } from '../../../../src/domain/proxmox/inventory';

// The policy area of the health check on pve2's guests: live media containers are backed up in
// stop mode (the runbook), and what a container mounts from the host is listed as outside its backups.

function guest(vmid: number, name: string, tags: string[], extra: Partial<GuestInfo> = {}): GuestInfo {
  return {
    vmid,
    name,
    type: 'lxc',
    node: 'pve2',
    status: 'running',
    uptime: 86_400,
    mem: 0,
    maxmem: 0,
    tags,
    template: false,
    ...extra,
  };
}
const CADDY = guest(1008, 'caddy', ['proxy']);
const DOCKER = guest(1031, 'docker', ['docker', 'media']);
const PLEX = guest(1034, 'plex', ['media']);
const DASHY = guest(10006, 'dashy', [], { status: 'stopped', uptime: 0 });
const LAB = [CADDY, DOCKER, PLEX, DASHY];

// the containers' configs as /etc/pve/lxc/<vmid>.conf has them
const MOUNTS = new Map<number, MountPoint[]>([
  [1008, parseMountPoints({ rootfs: 'local:1008/vm-1008-disk-0.raw,size=8G' })],
  [1031, parseMountPoints({ rootfs: 'local:1031/vm-1031-disk-0.raw,size=64G', mp0: '/mnt/Main,mp=/mnt/Main' })],
  [
    1034,
    parseMountPoints({
      rootfs: 'local:1034/vm-1034-disk-0.raw,size=32G',
      mp0: '/mnt/Main/media,mp=/media,ro=1',
      dev0: '/dev/dri/renderD128,gid=104',
    }),
  ],
  [10006, parseMountPoints({ rootfs: 'local:10006/vm-10006-disk-0.raw,size=4G' })],
]);

const DOCKER_ARCHIVE = 'truenas-bu:backup/vzdump-lxc-1031-2026_11_26-02_00_01.tar.zst';
const PLEX_ARCHIVE = 'local:backup/vzdump-lxc-1034-2026_11_26-02_10_12.tar.zst';

function input(
  modeByGuest: Record<string, BackupMode>,
  newest: Record<number, { volid: string; mode: string }> = {},
  guests: GuestInfo[] = LAB,
  mountPoints: ReadonlyMap<number, readonly MountPoint[]> = MOUNTS,
): PolicyInput {
  return {
    guests,
    modeByGuest,
    newestBackupMode: new Map(Object.entries(newest).map(([vmid, n]) => [Number(vmid), n])),
    mountPoints,
  };
}

const media = (findings: ReturnType<typeof policyFindings>) =>
  findings.filter((f) => !f.title.includes('not in its backups'));

describe('health check: backup policy for live media containers', () => {
  it('warns about each running media container the policy leaves in snapshot mode, and offers stop mode for "media"', () => {
    const findings = media(policyFindings(input({})));
    assert.deepEqual(
      findings.map((f) => [f.verdict, f.title, f.action?.id]),
      [
        ['warning', '1031 docker: a live media container the policy backs up in snapshot mode', 'useStopModeForMedia'],
        ['warning', '1034 plex: a live media container the policy backs up in snapshot mode', 'useStopModeForMedia'],
      ],
    );
    assert.equal(findings[0]?.evidence, 'pve.backup.modeByGuest: nothing for 1031 or its tags, so snapshot');
    assert.equal(findings[0]?.action?.label, 'Use stop mode for "media"');
    assert.equal(findings[0]?.area, 'policy');
  });

  it('names where the snapshot mode comes from: an earlier tag or the VMID', () => {
    // docker is tagged docker;media: the first tag with an entry wins
    const byTag = media(policyFindings(input({ docker: 'snapshot', media: 'stop' })));
    assert.deepEqual(
      byTag.map((f) => [f.verdict, f.title, f.evidence]),
      [
        [
          'warning',
          '1031 docker: a live media container the policy backs up in snapshot mode',
          'pve.backup.modeByGuest: tag "docker" → snapshot',
        ],
        [
          'pass',
          '1034 plex: a live media container backed up in stop mode',
          'policy: stop (tag "media"); newest backup: none',
        ],
      ],
    );
    const byId = media(policyFindings(input({ media: 'stop', '1034': 'snapshot' })));
    assert.deepEqual(
      byId.map((f) => [f.verdict, f.evidence]),
      [
        ['pass', 'policy: stop (tag "media"); newest backup: none'],
        ['warning', 'pve.backup.modeByGuest: VMID 1034 → snapshot'],
      ],
    );
  });

  it('offers Back Up Now for a container whose newest backup log says snapshot, even when the policy says stop now', () => {
    const findings = media(
      policyFindings(
        input(
          { media: 'stop' },
          { 1031: { volid: DOCKER_ARCHIVE, mode: 'stop' }, 1034: { volid: PLEX_ARCHIVE, mode: 'snapshot' } },
        ),
      ),
    );
    assert.deepEqual(
      findings.map((f) => [f.verdict, f.title, f.action?.id, f.action?.target]),
      [
        ['pass', '1031 docker: a live media container backed up in stop mode', undefined, undefined],
        ['warning', '1034 plex: its newest backup was taken in snapshot mode', 'backUpNow', '1034'],
      ],
    );
    assert.equal(findings[1]?.evidence, `${PLEX_ARCHIVE}: backup mode: snapshot`);
  });

  it('gives both warnings for a container with a snapshot policy and a snapshot backup', () => {
    const findings = media(policyFindings(input({}, { 1034: { volid: PLEX_ARCHIVE, mode: 'snapshot' } }, [PLEX])));
    assert.deepEqual(
      findings.map((f) => [f.verdict, f.action?.id]),
      [
        ['warning', 'useStopModeForMedia'],
        ['warning', 'backUpNow'],
      ],
    );
  });

  it('passes when both the policy and the newest log say stop, and says what the log told', () => {
    const findings = media(
      policyFindings(
        input(
          { media: 'stop' },
          { 1031: { volid: DOCKER_ARCHIVE, mode: 'stop' }, 1034: { volid: PLEX_ARCHIVE, mode: '' } },
        ),
      ),
    );
    assert.deepEqual(
      findings.map((f) => [f.verdict, f.evidence]),
      [
        ['pass', `policy: stop (tag "media"); newest backup: stop (${DOCKER_ARCHIVE})`],
        ['pass', `policy: stop (tag "media"); newest backup: mode not logged (${PLEX_ARCHIVE})`],
      ],
    );
    assert.ok(findings.every((f) => f.action === undefined));
  });

  it('does not flag stopped media containers, media-tagged VMs or templates, nor containers without the tag', () => {
    const guests = [
      CADDY,
      guest(1034, 'plex', ['media'], { status: 'stopped', uptime: 0 }),
      guest(1040, 'jellyfin-vm', ['media'], { type: 'qemu' }),
      guest(9000, 'media-template', ['media'], { template: true }),
      DASHY,
    ];
    const findings = policyFindings(input({}, { 1034: { volid: PLEX_ARCHIVE, mode: 'snapshot' } }, guests, new Map()));
    assert.deepEqual(
      findings.map((f) => [f.verdict, f.title]),
      [['pass', 'No running container is tagged "media"']],
    );
    assert.equal(findings[0]?.action, undefined);
  });

  it('finds the media tag whatever its case', () => {
    const findings = media(policyFindings(input({}, {}, [guest(1034, 'plex', ['Media'])], new Map())));
    assert.deepEqual(
      findings.map((f) => [f.verdict, f.action?.id]),
      [['warning', 'useStopModeForMedia']],
    );
  });

  // Tags in the policy match whatever their case, or "Use stop mode" could never clear the warning.
  it('passes a container tagged "Media" once the action has written media: stop', () => {
    const findings = media(policyFindings(input({ media: 'stop' }, {}, [guest(1034, 'plex', ['Media'])], new Map())));
    assert.deepEqual(
      findings.map((f) => [f.verdict, f.title]),
      [['pass', '1034 plex: a live media container backed up in stop mode']],
    );
  });

  it('"Use stop mode" also writes the VMID when an entry that wins over the media tag says snapshot', () => {
    const docker = guest(1031, 'docker', ['docker', 'media']);
    const byTag = media(policyFindings(input({ docker: 'snapshot' }, {}, [docker], new Map())));
    assert.equal(byTag[0]?.action?.label, 'Use stop mode for 1031 and "media"');
    assert.deepEqual(stopModeSetting(docker, { docker: 'snapshot' }), {
      docker: 'snapshot',
      media: 'stop',
      1031: 'stop',
    });
    assert.deepEqual(stopModeSetting(docker, {}), { media: 'stop' });
    const after = media(
      policyFindings(input(stopModeSetting(docker, { docker: 'snapshot' }), {}, [docker], new Map())),
    );
    assert.deepEqual(
      after.map((f) => f.verdict),
      ['pass'],
    );
  });
});

describe('health check: what containers mount outside their backups', () => {
  it('lists the bind mounts of docker and plex as pass findings naming the path, and nothing for caddy or dashy', () => {
    const mounts = policyFindings(input({ media: 'stop' })).filter((f) => f.title.includes('not in its backups'));
    assert.deepEqual(
      mounts.map((f) => [f.verdict, f.title, f.evidence]),
      [
        ['pass', '1031 docker: not in its backups: /mnt/Main', '/mnt/Main at /mnt/Main (mp0, bind mount)'],
        ['pass', '1034 plex: not in its backups: /media', '/mnt/Main/media at /media (mp0, bind mount)'],
      ],
    );
    assert.match(
      mounts[1]?.details ?? '',
      /^vzdump leaves these out by design\..*\n\/mnt\/Main\/media at \/media \(mp0, bind mount\)$/,
    );
  });

  it('lists a stopped container too, and volumes without backup=1 and device mounts next to bind mounts', () => {
    const dashy = parseMountPoints({
      rootfs: 'local:10006/vm-10006-disk-0.raw,size=4G',
      mp0: 'local:10006/vm-10006-disk-1.raw,mp=/srv/data,size=8G',
      mp1: 'local:10006/vm-10006-disk-2.raw,mp=/srv/kept,backup=1,size=1G',
      mp2: '/dev/sdb1,mp=/mnt/usb',
    });
    const findings = policyFindings(input({}, {}, [DASHY], new Map([[10006, dashy]])));
    assert.deepEqual(
      findings.map((f) => [f.verdict, f.title]),
      [
        ['pass', 'No running container is tagged "media"'],
        ['pass', '10006 dashy: not in its backups: /srv/data, /mnt/usb'],
      ],
    );
    assert.equal(
      findings[1]?.evidence,
      'local:10006/vm-10006-disk-1.raw at /srv/data (mp0, volume without backup=1); /dev/sdb1 at /mnt/usb (mp2, device mount)',
    );
  });

  it('leaves out VMs and templates even when mount points are known for them', () => {
    const bind = parseMountPoints({ rootfs: 'local:9000/base-9000-disk-0.raw', mp0: '/mnt/Main,mp=/mnt/Main' });
    const findings = policyFindings(
      input(
        {},
        {},
        [guest(9000, 'tpl', [], { template: true }), guest(1040, 'vm', [], { type: 'qemu' })],
        new Map([
          [9000, bind],
          [1040, bind],
        ]),
      ),
    );
    assert.deepEqual(
      findings.map((f) => f.title),
      ['No running container is tagged "media"'],
    );
  });
});
