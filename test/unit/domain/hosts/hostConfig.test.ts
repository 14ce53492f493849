import * as assert from 'node:assert/strict';
import { parseAddress, parseHostList, validateHostName } from '../../../../src/domain/hosts/hostConfig';

describe('parseHostList', () => {
  it('reads valid hosts and keeps their optional fields', () => {
    const result = parseHostList([
      { name: 'pve2', host: '192.168.1.20', port: 22, username: 'root' },
      { name: 'lab', host: 'lab.lan', proxyJump: 'jump@bastion:2222', sudo: true },
    ]);
    assert.deepEqual(result.problems, []);
    assert.deepEqual(
      result.hosts.map((h) => h.name),
      ['pve2', 'lab'],
    );
    assert.equal(result.hosts[1]?.proxyJump, 'jump@bastion:2222');
  });

  it('skips a bad entry, names its position and what is wrong, and keeps the rest', () => {
    const result = parseHostList([
      { name: 'pve2', host: '' },
      { name: 'ok', host: 'ok.lan', port: 70000 },
      { name: 'fine', host: 'fine.lan' },
    ]);
    assert.deepEqual(
      result.hosts.map((h) => h.name),
      ['fine'],
    );
    assert.equal(result.problems.length, 2);
    assert.match(result.problems[0] ?? '', /^pve\.hosts\[0\]: host: a host needs an address/);
    assert.match(result.problems[1] ?? '', /^pve\.hosts\[1\]: port:/);
  });

  it('reports a duplicated name instead of showing two hosts with one name', () => {
    const result = parseHostList([
      { name: 'pve2', host: 'a' },
      { name: 'pve2', host: 'b' },
    ]);
    assert.equal(result.hosts.length, 1);
    assert.match(result.problems[0] ?? '', /"pve2" is used twice/);
  });

  it('treats a missing setting as no hosts and a non-list as a problem', () => {
    assert.deepEqual(parseHostList(undefined), { hosts: [], problems: [] });
    assert.deepEqual(parseHostList({ name: 'x' }).problems, ['pve.hosts must be a list of hosts']);
  });
});

describe('parseAddress', () => {
  it('splits host and port', () => {
    assert.deepEqual(parseAddress('pve2.lan'), { host: 'pve2.lan' });
    assert.deepEqual(parseAddress(' 10.0.0.5:2222 '), { host: '10.0.0.5', port: 2222 });
    assert.deepEqual(parseAddress('[fe80::1]:22'), { host: 'fe80::1', port: 22 });
    assert.deepEqual(parseAddress('[fe80::1]'), { host: 'fe80::1' });
  });

  it('explains what is wrong', () => {
    assert.match((parseAddress('') as { error: string }).error, /Enter an address/);
    assert.match((parseAddress('pve2:99999') as { error: string }).error, /Port 99999 is out of range/);
    assert.match((parseAddress('two words') as { error: string }).error, /is not a host name or address/);
  });
});

describe('validateHostName', () => {
  it('refuses empty and taken names', () => {
    assert.match(validateHostName('  ', []) ?? '', /Enter a name/);
    assert.match(validateHostName('pve2', [{ name: 'pve2', host: 'x' }]) ?? '', /already exists/);
    assert.equal(validateHostName('pve3', [{ name: 'pve2', host: 'x' }]), undefined);
  });
});
