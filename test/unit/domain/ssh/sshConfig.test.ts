import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { listHostAliases, parseProxyJump, parseSshG } from '../../../../src/domain/ssh/sshConfig';

const fixture = fs.readFileSync(path.resolve(__dirname, '../../../fixtures/ssh/ssh-G-pve2.txt'), 'utf8');

describe('ssh config', () => {
  it('reads what ssh -G resolved', () => {
    const resolved = parseSshG(fixture);
    assert.equal(resolved.hostname, 'pve2.lan');
    assert.equal(resolved.port, 2222);
    assert.equal(resolved.user, 'ops');
    assert.equal(resolved.proxyJump, 'jumpuser@bastion:2200,other');
    assert.ok(resolved.identityFiles.includes('~/.ssh/id_ed25519'));
    assert.deepEqual(resolved.knownHostsFiles, [
      '~/.ssh/known_hosts',
      '~/.ssh/known_hosts2',
      '/etc/ssh/ssh_known_hosts',
      '/etc/ssh/ssh_known_hosts2',
    ]);
  });

  it('reads ProxyJump lists', () => {
    assert.deepEqual(parseProxyJump('jumpuser@bastion:2200,other'), [
      { user: 'jumpuser', host: 'bastion', port: 2200 },
      { user: undefined, host: 'other', port: undefined },
    ]);
    assert.deepEqual(parseProxyJump('ssh://root@[fe80::1]:22'), [{ user: 'root', host: 'fe80::1', port: 22 }]);
    assert.deepEqual(parseProxyJump(''), []);
    assert.throws(() => parseProxyJump('user@:22'), /is not a jump host/);
  });

  it('lists concrete Host aliases and Include lines', () => {
    const text =
      'Host pve2 pve2-ipmi\n  HostName 10.0.0.2\nHost *.lan !bad\n  User root\nInclude config.d/*\nhost=nas # the TrueNAS box\n';
    assert.deepEqual(listHostAliases(text), { aliases: ['pve2', 'pve2-ipmi', 'nas'], includes: ['config.d/*'] });
  });
});
