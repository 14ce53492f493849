import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { proxmoxApi } from '../../../../src/domain/proxmox/api';
import { apiPath, pveshCreateTask } from '../../../../src/domain/proxmox/pvesh';
import { extractJson, UnexpectedOutputError } from '../../../../src/domain/proxmox/pveshJson';
import { findUpids, parseUpid } from '../../../../src/domain/proxmox/upid';
import { RemoteCommandError, type CollectedOutput } from '../../../../src/domain/shell/remoteOperation';

const reference = path.resolve(__dirname, '../../../fixtures/api-examples');
const fixtures = path.resolve(__dirname, '../../../fixtures/pvesh');
const ok = (stdout: string, stderr = ''): CollectedOutput => ({ stdout, stderr, exitCode: 0 });

describe('pvesh operations', () => {
  it('builds argv from validated path segments and parameters', () => {
    assert.deepEqual(proxmoxApi.tasks('pve2', { source: 'active' }).command, {
      argv: ['pvesh', 'get', '/nodes/pve2/tasks', '--source', 'active', '--output-format', 'json'],
    });
    assert.deepEqual(
      proxmoxApi.taskLog('pve2', 'UPID:pve2:00000001:00000002:00000003:vzdump:1031:root@pam:', 10).command,
      {
        argv: [
          'pvesh',
          'get',
          '/nodes/pve2/tasks/UPID:pve2:00000001:00000002:00000003:vzdump:1031:root@pam:/log',
          '--start',
          '10',
          '--limit',
          '0',
          '--output-format',
          'json',
        ],
      },
    );
    assert.throws(() => apiPath('nodes', 'pve2; reboot'), /not a valid part/);
    assert.throws(() => apiPath('nodes', '../etc'), /not a valid part/);
  });

  it('reads /cluster/resources even after junk lines, and validates it', () => {
    const json = fs.readFileSync(path.join(fixtures, 'lab-cluster-resources.json'), 'utf8');
    const resources = proxmoxApi
      .clusterResources()
      .parse(ok(`perl: warning: Setting locale failed.\nWelcome to pve2!\n${json}`));
    assert.ok(resources.some((r) => r.id === 'lxc/1031' && r.name === 'docker'));
  });

  it('names the field when an answer has the wrong shape', () => {
    assert.throws(
      () => proxmoxApi.clusterResources().parse(ok('[{"type":"lxc"}]')),
      (error: Error) => error instanceof UnexpectedOutputError && /0\.id/.test(error.message),
    );
    assert.throws(() => extractJson('no json here', 'pvesh get /x'), /no JSON in its output/);
  });

  it('reports a failing pvesh with what it printed', () => {
    const failed: CollectedOutput = { stdout: '', stderr: "no such resource '/nodes/pve9'\n", exitCode: 255 };
    assert.throws(
      () => proxmoxApi.clusterResources().parse(failed),
      (error: Error) => error instanceof RemoteCommandError && /exit 255.*no such resource/.test(error.message),
    );
  });

  it('returns the UPID a started task printed', () => {
    const upid = 'UPID:pve2:000001D9:000A35F6:6B0865D0:vzstart:10006:root@pam:';
    assert.equal(pveshCreateTask('/nodes/pve2/lxc/10006/status/start').parse(ok(`"${upid}"\n`)), upid);
    assert.throws(() => pveshCreateTask('/x').parse(ok('"not a upid"')), /did not answer with a task id/);
  });
});

describe('UPIDs', () => {
  it('parses every UPID of the reference, including an empty id', () => {
    const lines = fs
      .readFileSync(path.join(reference, '14-upid-examples.txt'), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('UPID:'));
    const parsed = lines.map(parseUpid);
    assert.equal(parsed.length, 4);
    assert.deepEqual(
      parsed[0] && {
        node: parsed[0].node,
        type: parsed[0].type,
        id: parsed[0].id,
        user: parsed[0].user,
        pid: parsed[0].pid,
      },
      { node: 'algsrv1', type: 'vzdump', id: '', user: 'root@pam', pid: 0x78f80 },
    );
    assert.equal(parsed[1]?.startTime.toISOString(), new Date(0x6a208d79 * 1000).toISOString());
    assert.equal(parseUpid('UPID:pve2:xyz:'), undefined);
  });

  it('finds UPIDs in free text', () => {
    const text =
      "INFO: starting new backup job\ntask UPID:pve2:000001E9:000A3628:6B0865D0:vzdump:1031:root@pam: started\n'UPID:bad:'";
    assert.deepEqual(findUpids(text), ['UPID:pve2:000001E9:000A3628:6B0865D0:vzdump:1031:root@pam:']);
  });
});
