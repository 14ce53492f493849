import * as assert from 'node:assert/strict';
import { waitUntil } from '../../../support/waitUntil';
import { TaskStatusSchema, UPID_PATTERN } from '../schemas/apiSchemas';
import { getJson, ok, type Check } from './fidelityChecks';
import { sq, type LabTarget } from './labTarget';

/** Asserts that `expected` lines appear in `text` in this order (other lines may sit between). */
export function assertInOrder(text: string, expected: ReadonlyArray<string | RegExp>): void {
  const lines = text.split('\n');
  let i = 0;
  for (const want of expected) {
    const found = lines.findIndex((l, idx) => idx >= i && (typeof want === 'string' ? l === want : want.test(l)));
    assert.ok(found >= 0, `missing (in order) ${String(want)} in:\n${text}`);
    i = found + 1;
  }
}

function archiveOf(output: string): string {
  const m = /creating vzdump archive '([^']+)'/.exec(output);
  assert.ok(m?.[1], `no archive line in:\n${output}`);
  return m[1];
}

async function taskFinished(t: LabTarget, upid: string, timeoutMs = 30_000): Promise<string> {
  const st = await waitUntil(
    `task ${upid} to stop`,
    async () => {
      const s = TaskStatusSchema.parse(await getJson(t, `/nodes/pve2/tasks/${upid}/status`));
      return s.status === 'stopped' ? s : undefined;
    },
    { timeoutMs, intervalMs: 100 },
  );
  return st.exitstatus ?? '';
}

async function taskLogText(t: LabTarget, upid: string): Promise<string> {
  const lines = (await getJson(t, `/nodes/pve2/tasks/${upid}/log`, '--limit 0')) as Array<{ t: string }>;
  return lines.map((l) => l.t).join('\n');
}

async function lockOf(t: LabTarget, vmid: number): Promise<string> {
  const conf = (await getJson(t, `/nodes/pve2/lxc/${vmid}/config`)) as { lock?: string };
  return conf.lock ?? '';
}

/** The runbook's section 4.3, run from a script file so pkill -f cannot match our own shell. */
const CLEANUP_43 = `pkill -TERM -f "vzdump.*1031" || true
pkill -TERM -f "rsync.*vzdump-lxc-1031" || true
sleep 2
pkill -KILL -f "vzdump.*1031" || true
pkill -KILL -f "rsync.*vzdump-lxc-1031" || true
rm -f /run/vzdump.lock
`;

export const VZDUMP_CHECKS: readonly Check[] = [
  {
    name: 'stop mode backup of CT 1031 writes a .tar.zst that zstd -t accepts and tar -t lists',
    run: async (t) => {
      const out = await ok(t, 'vzdump 1031 --mode stop --compress zstd --storage local');
      assertInOrder(out, [
        'INFO: starting new backup job: vzdump 1031 --mode stop --compress zstd --storage local',
        'INFO: Starting Backup of VM 1031 (lxc)',
        /^INFO: Backup started at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/,
        'INFO: status = running',
        'INFO: backup mode: stop',
        'INFO: ionice priority: 7',
        'INFO: CT Name: docker',
        "INFO: including mount point rootfs ('/') in backup",
        "INFO: excluding bind mount point mp0 ('/mnt/Main') from backup (not a volume)",
        'INFO: stopping virtual guest',
        /^INFO: creating vzdump archive '\/var\/lib\/vz\/dump\/vzdump-lxc-1031-\d{4}_\d\d_\d\d-\d\d_\d\d_\d\d\.tar\.zst'$/,
        /^INFO: Total bytes written: \d+ \(/,
        /^INFO: archive file size: \d+(KB|MB)$/,
        'INFO: restarting vm',
        /^INFO: guest is online again after (<1|\d+) seconds$/,
        /^INFO: Finished Backup of VM 1031 \(\d\d:\d\d:\d\d\)$/,
        'INFO: Backup job finished successfully',
      ]);
      const archive = t.path(archiveOf(out));
      await ok(t, `zstd -q -t ${sq(archive)}`);
      const listing = (await ok(t, `tar -tf ${sq(archive)}`)).split('\n');
      for (const entry of [
        './etc/vzdump/pct.conf',
        './etc/vzdump/pct.fw',
        './root/docker-projects/docker-media-stack/config/radarr-directors/config.xml',
      ]) {
        assert.ok(listing.includes(entry), `${entry} not in archive`);
      }
      assert.ok(!listing.includes('./tmp/.keep-out-of-backup'), 'stdexcludes: /tmp/?* is excluded');
      assert.ok(!listing.includes('./var/run/docker.pid'), 'stdexcludes: /var/run/?*.pid is excluded');
      const log = await ok(t, `cat ${sq(archive.replace(/\.tar\.zst$/, '.log'))}`);
      assert.match(log, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d INFO: Starting Backup of VM 1031 \(lxc\)$/m);
      assert.equal((await ok(t, 'pct status 1031')).trim(), 'status: running');
      assert.equal(await lockOf(t, 1031), '');
    },
  },
  {
    name: 'snapshot mode on a dir storage falls back to suspend and rsyncs into tmpdir',
    run: async (t) => {
      await ok(
        t,
        `mkdir -p ${sq(t.path('/var/lib/vz/vzdump-tmp'))} && echo 'tmpdir: /var/lib/vz/vzdump-tmp' >> ${sq(t.path('/etc/vzdump.conf'))}`,
      );
      const out = await ok(t, 'vzdump 1031 --storage truenas-bu --mode snapshot --compress zstd');
      assertInOrder(out, [
        'INFO: status = running',
        'INFO: CT Name: docker',
        'INFO: mode failure - some volumes do not support snapshots',
        "INFO: trying 'suspend' mode instead",
        'INFO: backup mode: suspend',
        'INFO: ionice priority: 7',
        'INFO: CT Name: docker',
        /^INFO: starting first sync \/var\/lib\/lxc\/1031\/rootfs\/ to \/var\/lib\/vz\/vzdump-tmp\/vzdumptmp\d+_1031\/$/,
        /^INFO: first sync finished - transferred \S+ bytes in \d+s$/,
        'INFO: suspending guest',
        /^INFO: starting final sync /,
        /^INFO: final sync finished - transferred /,
        'INFO: resuming guest',
        /^INFO: guest is online again after/,
        /^INFO: creating vzdump archive '\/mnt\/pve\/truenas-bu\/dump\/vzdump-lxc-1031-[\d_-]+\.tar\.zst'$/,
        'INFO: Backup job finished successfully',
      ]);
      await ok(t, `zstd -q -t ${sq(t.path(archiveOf(out)))}`);
      const leftovers = await ok(t, `ls -A ${sq(t.path('/var/lib/vz/vzdump-tmp'))}`);
      assert.equal(leftovers, '', 'the vzdumptmp directory is removed after the backup');
    },
  },
  {
    name: 'pvesh create /nodes/pve2/vzdump runs a task that sets and clears lock: backup',
    run: async (t) => {
      await ok(t, 'pve-lab slow 10');
      const upid = (
        await ok(t, 'pvesh create /nodes/pve2/vzdump --vmid 1031 --storage local --mode stop --compress zstd')
      ).trim();
      assert.match(upid, UPID_PATTERN);
      assert.match(upid, /^UPID:pve2:[0-9A-F]{8}:[0-9A-F]{8,9}:[0-9A-F]{8}:vzdump:1031:root@pam:$/);
      await waitUntil('lock: backup on CT 1031', async () => (await lockOf(t, 1031)) === 'backup', {
        timeoutMs: 15_000,
        intervalMs: 100,
      });
      assert.match(await ok(t, 'pct list'), /^1031 +(running|stopped) +backup +docker/m);
      assert.equal(await taskFinished(t, upid), 'OK');
      const log = await taskLogText(t, upid);
      assertInOrder(log, [
        'INFO: starting new backup job: vzdump 1031 --node pve2 --storage local --mode stop --compress zstd',
        'INFO: Backup job finished successfully',
        'TASK OK',
      ]);
      assert.equal(await lockOf(t, 1031), '');
    },
  },
  {
    name: 'vanishing files make the suspend rsync fail with "file has vanished" (exit code 24)',
    run: async (t) => {
      await ok(t, 'pve-lab vanishing-files on');
      let last = '';
      for (let attempt = 0; attempt < 3 && !/file has vanished/.test(last); attempt++) {
        const r = await t.run('vzdump 1031 --storage local --mode suspend --compress zstd');
        last = r.stdout;
        if (/file has vanished/.test(last)) {
          assert.equal(r.code, 255);
          assert.equal(r.stderr.trim(), 'job errors');
        }
      }
      assertInOrder(last, [
        /^INFO: starting first sync /,
        /^ERROR: file has vanished: ".*\/Sentry\/.*\.envelope"$/,
        /^ERROR: rsync warning: some files vanished before they could be transferred \(code 24\)/,
        /^ERROR: Backup of VM 1031 failed - command 'rsync --stats -h -X -A --numeric-ids -aH --delete --no-whole-file --sparse --one-file-system --relative '--exclude=\/tmp\/\?\*' '--exclude=\/var\/tmp\/\?\*' '--exclude=\/var\/run\/\?\*\.pid' '--exclude=\/mnt\/Main' \S+\/\.\/ \S+' failed: exit code 24$/,
        /^INFO: Failed at /,
        'INFO: Backup job finished with errors',
      ]);
      // the runbook's advice: stop mode is not affected (the guest, and its writer, are stopped)
      await ok(t, 'vzdump 1031 --storage local --mode stop --compress zstd');
      assert.equal(await lockOf(t, 1031), '');
    },
  },
  {
    name: 'a stuck backup blocks the next one until lockwait, and the runbook 4.3 cleanup fixes it',
    run: async (t) => {
      await ok(t, 'pve-lab stuck-lock on');
      assert.equal(await lockOf(t, 1031), 'backup');
      const ps = await ok(t, "ps -eo args | egrep 'vzdump|rsync' | grep -v egrep || true");
      assert.match(ps, /^task UPID:pve2:[0-9A-F:]+:vzdump:1031:root@pam:$/m);
      assert.match(ps, /^rsync .*vzdump-lxc-1031-/m);

      await ok(t, `echo 'lockwait: 1' >> ${sq(t.path('/etc/vzdump.conf'))} && pve-lab lockwait-unit 1`);
      const blocked = await t.run('vzdump 1034 --mode stop --compress zstd --storage local');
      assert.equal(blocked.code, 255);
      assertInOrder(blocked.stdout, [
        'INFO: trying to get global lock - waiting...',
        "ERROR: can't acquire lock '/var/run/vzdump.lock' - got timeout",
      ]);
      const upid = (await ok(t, 'pvesh create /nodes/pve2/vzdump --vmid 1034 --storage local --mode stop')).trim();
      assert.equal(await taskFinished(t, upid), 'unexpected status', 'the worker exits without a TASK line');

      const locked = await t.run('vzdump 1031 --mode stop --storage local');
      assert.equal(locked.code, 255);

      const script = t.path('/run/pve-lab/cleanup-4.3.sh');
      await ok(
        t,
        `echo ${Buffer.from(CLEANUP_43.replace('/run/vzdump.lock', t.path('/run/vzdump.lock'))).toString('base64')} | base64 -d > ${sq(script)}`,
      );
      await ok(t, `bash ${sq(script)}`);
      const left = (await ok(t, 'ps -eo stat=,args='))
        .split('\n')
        .filter((l) => !/^Z/.test(l) && /vzdump.*1031|rsync.*vzdump-lxc-1031/.test(l));
      assert.deepEqual(left, [], 'no matching vzdump or rsync process is left');

      const stillLocked = await t.run('vzdump 1031 --mode stop --storage local');
      assert.equal(stillLocked.code, 255);
      assert.match(stillLocked.stdout, /^ERROR: Backup of VM 1031 failed - CT is locked \(backup\)$/m);
      await ok(t, 'pct unlock 1031');
      const fixed = await ok(t, 'vzdump 1031 --mode stop --compress zstd --storage local');
      assert.match(fixed, /^INFO: Backup job finished successfully$/m);
    },
  },
  {
    name: 'pvesh delete stops a running backup task; it ends with "interrupted by signal"',
    run: async (t) => {
      await ok(t, 'pve-lab slow 10');
      const upid = (await ok(t, 'pvesh create /nodes/pve2/vzdump --vmid 1031 --storage local --mode suspend')).trim();
      await waitUntil('the first sync', async () => (await taskLogText(t, upid)).includes('starting first sync'), {
        timeoutMs: 15_000,
        intervalMs: 100,
      });
      await ok(t, `pvesh delete /nodes/pve2/tasks/${upid}`);
      assert.equal(await taskFinished(t, upid, 10_000), 'interrupted by signal');
      const log = await taskLogText(t, upid);
      assertInOrder(log, [
        'ERROR: Backup of VM 1031 failed - interrupted by signal',
        'ERROR: Backup job failed - interrupted by signal',
        'TASK ERROR: interrupted by signal',
      ]);
      assert.equal(await lockOf(t, 1031), '');
      assert.equal((await ok(t, 'pct status 1031')).trim(), 'status: running');
    },
  },
];

/** Needs the lab's bindfs mount with chown/chmod denied (runtime switch 'nfs-acl'). */
export const NFS_ACL_CHECK: Check = {
  name: 'with the NFS ACL mismatch, suspend to truenas-bu fails with EPERM until tmpdir is local',
  run: async (t) => {
    const failed = await t.run('vzdump 1031 --storage truenas-bu --mode suspend --compress zstd');
    assert.equal(failed.code, 255);
    assertInOrder(failed.stdout, [
      'INFO: temporary directory is on NFS, disabling xattr and acl support, consider configuring a local tmpdir via /etc/vzdump.conf',
      /^INFO: starting first sync \/var\/lib\/lxc\/1031\/rootfs\/ to \/mnt\/pve\/truenas-bu\/dump\/vzdump-lxc-1031-[\d_-]+\.tmp$/,
      /^ERROR: rsync: .*Operation not permitted \(1\)$/,
      /^ERROR: Backup of VM 1031 failed - command 'rsync .*' failed: exit code 23$/,
    ]);
    await ok(
      t,
      'mkdir -p /var/lib/vz/vzdump-tmp && chown root:root /var/lib/vz/vzdump-tmp && chmod 755 /var/lib/vz/vzdump-tmp',
    );
    await ok(t, "echo 'tmpdir: /var/lib/vz/vzdump-tmp' >> /etc/vzdump.conf");
    const fixed = await ok(t, 'vzdump 1031 --storage truenas-bu --mode suspend --compress zstd');
    assert.match(fixed, /^INFO: Backup job finished successfully$/m);
    await ok(t, `zstd -q -t ${sq(archiveOf(fixed))}`);
  },
};
