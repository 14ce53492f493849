import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { containerConfigsOperation, parseContainerConfigs } from '../../../../src/domain/proxmox/containerConfigs';
import { parseMountPoints } from '../../../../src/domain/proxmox/guestConfig';

// Every container's config in one round trip (/etc/pve/lxc/*.conf), as the health check's policy
// area reads it: the lab's pve2 containers, one of them with a snapshot section.

const CADDY = [
  'arch: amd64',
  'cores: 1',
  'hostname: caddy',
  'memory: 512',
  'net0: name=eth0,bridge=vmbr0,hwaddr=BC:24:11:10:08:01,ip=dhcp,type=veth',
  'ostype: debian',
  'rootfs: local:1008/vm-1008-disk-0.raw,size=8G',
  'swap: 512',
  'tags: proxy',
  'unprivileged: 1',
];
// as in the fixture lab-lxc-1031-config.json, plus the snapshot that `pct snapshot 1031 snap1` leaves
const DOCKER = [
  '#Docker host: media stack (Radarr x3, Sonarr, Deluge, Dashy)',
  'arch: amd64',
  'cores: 4',
  'features: keyctl=1,nesting=1',
  'hostname: docker',
  'memory: 8192',
  'mp0: /mnt/Main,mp=/mnt/Main',
  'net0: name=eth0,bridge=vmbr0,firewall=1,hwaddr=BC:24:11:10:31:01,ip=dhcp,type=veth',
  'onboot: 1',
  'ostype: debian',
  'parent: snap1',
  'rootfs: local:1031/vm-1031-disk-0.raw,size=64G',
  'swap: 1024',
  'tags: docker;media',
  'lxc.apparmor.profile: unconfined',
  'lxc.cgroup2.devices.allow: a',
  'lxc.cap.drop:',
  '',
  '[snap1]',
  '#Docker host before the compose upgrade',
  'arch: amd64',
  'cores: 2',
  'hostname: docker-old',
  'memory: 4096',
  'mp1: local:1031/vm-1031-disk-1.raw,mp=/srv,backup=1,size=4G',
  'rootfs: local:1031/vm-1031-disk-0.raw,size=32G',
  'snaptime: 1764100000',
  'tags: docker',
];
const PLEX = [
  'arch: amd64',
  'cores: 4',
  'dev0: /dev/dri/renderD128,gid=104',
  'hostname: plex',
  'memory: 4096',
  'mp0: /mnt/Main/media,mp=/media,ro=1',
  'ostype: debian',
  'rootfs: local:1034/vm-1034-disk-0.raw,size=32G',
  'tags: media',
  'unprivileged: 1',
];

const header = (vmid: number) => `@@pve-ops-conf@@ /etc/pve/lxc/${vmid}.conf`;
const OUTPUT = [header(1008), ...CADDY, header(1031), ...DOCKER, header(1034), ...PLEX, ''].join('\n');

describe('container configs in one round trip', () => {
  it('reads each container under its VMID, keys and values split at the first colon', () => {
    const configs = parseContainerConfigs(OUTPUT);
    assert.deepEqual([...configs.keys()], [1008, 1031, 1034]);
    assert.equal(configs.get(1008)?.hostname, 'caddy');
    assert.equal(configs.get(1034)?.mp0, '/mnt/Main/media,mp=/media,ro=1');
    assert.equal(configs.get(1034)?.dev0, '/dev/dri/renderD128,gid=104');
    assert.equal(
      configs.get(1031)?.['net0'],
      'name=eth0,bridge=vmbr0,firewall=1,hwaddr=BC:24:11:10:31:01,ip=dhcp,type=veth',
    );
  });

  it('keeps raw lxc.* keys (dots in the key, an empty value) and leaves the description comment out', () => {
    const docker = parseContainerConfigs(OUTPUT).get(1031);
    assert.equal(docker?.['lxc.apparmor.profile'], 'unconfined');
    assert.equal(docker?.['lxc.cgroup2.devices.allow'], 'a');
    assert.equal(docker?.['lxc.cap.drop'], '');
    assert.ok(
      !Object.keys(docker ?? {}).some((key) => key.startsWith('#') || key.startsWith('Docker')),
      Object.keys(docker ?? {}).join(' '),
    );
  });

  it('ignores the keys of a snapshot section: only the current config counts', () => {
    const docker = parseContainerConfigs(OUTPUT).get(1031);
    assert.deepEqual(
      [docker?.hostname, docker?.cores, docker?.memory, docker?.rootfs, docker?.tags],
      ['docker', '4', '8192', 'local:1031/vm-1031-disk-0.raw,size=64G', 'docker;media'],
    );
    assert.equal(docker?.parent, 'snap1');
    assert.equal(docker?.snaptime, undefined);
    assert.equal(docker?.mp1, undefined);
    // and the next container's header starts a fresh config after the snapshot
    assert.equal(parseContainerConfigs(OUTPUT).get(1034)?.hostname, 'plex');
  });

  it('gives parseMountPoints what it needs: the bind mounts of docker and plex', () => {
    const configs = parseContainerConfigs(OUTPUT);
    assert.deepEqual(
      parseMountPoints(configs.get(1031) ?? {}).map((m) => [m.key, m.source, m.path, m.kind, m.inBackup]),
      [
        ['rootfs', 'local:1031/vm-1031-disk-0.raw', '/', 'volume', true],
        ['mp0', '/mnt/Main', '/mnt/Main', 'bind', false],
      ],
    );
    assert.deepEqual(
      parseMountPoints(configs.get(1034) ?? {}).map((m) => [m.key, m.path, m.kind, m.inBackup]),
      [
        ['rootfs', '/', 'volume', true],
        ['mp0', '/media', 'bind', false],
      ],
    );
  });

  it('reads nothing from an empty answer or lines before the first header', () => {
    assert.equal(parseContainerConfigs('').size, 0);
    assert.equal(parseContainerConfigs('arch: amd64\nhostname: stray\n').size, 0);
  });

  it('runs its script for real: one header per readable config, each cut at its first snapshot section', () => {
    const operation = containerConfigsOperation();
    if (!('script' in operation.command)) assert.fail('the operation is a script');
    const script = operation.command.script;
    assert.ok(script.includes('/etc/pve/lxc/*.conf'), script);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pve-ops-lxc-'));
    try {
      fs.writeFileSync(path.join(dir, '1008.conf'), `${CADDY.join('\n')}\n`);
      fs.writeFileSync(path.join(dir, '1031.conf'), `${DOCKER.join('\n')}\n`);
      fs.writeFileSync(path.join(dir, '1034.conf'), `${PLEX.join('\n')}\n`);
      const run = spawnSync('bash', [], { input: script.replace('/etc/pve/lxc', dir), encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      assert.ok(!run.stdout.includes('snaptime'), run.stdout);
      const configs = operation.parse({ stdout: run.stdout, stderr: run.stderr, exitCode: run.status });
      assert.deepEqual([...configs.keys()], [1008, 1031, 1034]);
      assert.equal(configs.get(1031)?.cores, '4');
      assert.equal(configs.get(1031)?.['lxc.apparmor.profile'], 'unconfined');

      const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'pve-ops-lxc-empty-'));
      try {
        const none = spawnSync('bash', [], { input: script.replace('/etc/pve/lxc', empty), encoding: 'utf8' });
        assert.equal(none.status, 0, none.stderr);
        assert.equal(operation.parse({ stdout: none.stdout, stderr: none.stderr, exitCode: none.status }).size, 0);
      } finally {
        fs.rmSync(empty, { recursive: true, force: true });
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
