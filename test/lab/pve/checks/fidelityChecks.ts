import * as assert from 'node:assert/strict';
import type { z } from 'zod';
import { waitUntil } from '../../../support/waitUntil';
import {
  ClusterResourcesSchema,
  LxcConfigSchema,
  LxcListSchema,
  LxcStatusCurrentSchema,
  NodeListSchema,
  NodeStatusSchema,
  QemuListSchema,
  StorageContentSchema,
  StorageStatusSchema,
  TaskListSchema,
  TaskLogSchema,
  TaskStatusSchema,
  UPID_PATTERN,
  VzdumpDefaultsSchema,
  ZfsPoolDetailSchema,
  ZfsPoolListSchema,
} from '../schemas/apiSchemas';
import { toPerlJson } from '../output/perlJson';
import type { LabTarget } from './labTarget';

export interface Check {
  name: string;
  run(t: LabTarget): Promise<void>;
}

export async function ok(t: LabTarget, command: string): Promise<string> {
  const r = await t.run(command);
  assert.equal(r.code, 0, `'${command}' exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

export async function getJson(t: LabTarget, apiPath: string, extra = ''): Promise<unknown> {
  const out = await ok(t, `pvesh get ${apiPath} --output-format json ${extra}`);
  // pvesh prints one canonical line: sorted keys, no data wrapper
  assert.equal(out, `${toPerlJson(JSON.parse(out))}\n`, `${apiPath}: not canonical one-line JSON`);
  return JSON.parse(out);
}

function expectSchema<S extends z.ZodType>(schema: S, data: unknown, what: string): z.infer<S> {
  const r = schema.safeParse(data);
  assert.ok(
    r.success,
    `${what} does not match the API schema: ${r.success ? '' : JSON.stringify(r.error.issues.slice(0, 5))}`,
  );
  return r.data;
}

const SCHEMA_PATHS: ReadonlyArray<[string, z.ZodType]> = [
  ['/cluster/resources', ClusterResourcesSchema],
  ['/nodes', NodeListSchema],
  ['/nodes/pve2/status', NodeStatusSchema],
  ['/nodes/pve2/lxc', LxcListSchema],
  ['/nodes/pve2/qemu', QemuListSchema],
  ['/nodes/pve2/lxc/1031/config', LxcConfigSchema],
  ['/nodes/pve2/lxc/1031/status/current', LxcStatusCurrentSchema],
  ['/nodes/pve2/lxc/10006/status/current', LxcStatusCurrentSchema],
  ['/nodes/pve2/storage', StorageStatusSchema],
  ['/nodes/pve2/storage/local/content', StorageContentSchema],
  ['/nodes/pve2/storage/ext/content', StorageContentSchema],
  ['/nodes/pve2/disks/zfs', ZfsPoolListSchema],
  ['/nodes/pve2/disks/zfs/rpool', ZfsPoolDetailSchema],
  ['/nodes/pve2/tasks', TaskListSchema],
  ['/nodes/pve2/vzdump/defaults', VzdumpDefaultsSchema],
];

async function latestTask(t: LabTarget, filter = ''): Promise<string> {
  const list = expectSchema(TaskListSchema, await getJson(t, '/nodes/pve2/tasks', `--limit 1 ${filter}`), 'task list');
  const upid = list[0]?.upid;
  assert.ok(upid, 'no task found');
  return upid;
}

export const FIDELITY_CHECKS: readonly Check[] = [
  ...SCHEMA_PATHS.map(([apiPath, schema]): Check => ({
    name: `pvesh get ${apiPath} has the API's field names and types`,
    run: async (t) => {
      expectSchema(schema, await getJson(t, apiPath), apiPath);
    },
  })),
  {
    name: '/cluster/resources lists the four containers of the seed',
    run: async (t) => {
      const res = expectSchema(ClusterResourcesSchema, await getJson(t, '/cluster/resources'), 'resources');
      const cts = res.filter((r) => r.type === 'lxc').map((r) => `${r.vmid}:${r.name}:${r.status}`);
      assert.deepEqual(cts.sort(), [
        '10006:dashy:stopped',
        '1008:caddy:running',
        '1031:docker:running',
        '1034:plex:running',
      ]);
      const vms = expectSchema(
        ClusterResourcesSchema,
        await getJson(t, '/cluster/resources', '--type vm'),
        'vm resources',
      );
      assert.ok(vms.every((r) => r.type === 'lxc' || r.type === 'qemu'));
      const storages = expectSchema(
        ClusterResourcesSchema,
        await getJson(t, '/cluster/resources', '--type storage'),
        'storage resources',
      );
      assert.deepEqual(storages.map((s) => s.storage).sort(), ['ext', 'local', 'local-zfs', 'truenas-bu']);
    },
  },
  {
    name: 'running containers report an uptime that grows, stopped ones zero',
    run: async (t) => {
      const a = expectSchema(LxcStatusCurrentSchema, await getJson(t, '/nodes/pve2/lxc/1031/status/current'), '1031');
      assert.equal(a.status, 'running');
      assert.ok((a.uptime ?? 0) > 3600, 'CT 1031 has been up for days in the seed');
      const s = expectSchema(LxcStatusCurrentSchema, await getJson(t, '/nodes/pve2/lxc/10006/status/current'), '10006');
      assert.equal(s.status, 'stopped');
      assert.equal(s.uptime, 0);
    },
  },
  {
    name: 'json-pretty is the indented canonical form of the same data',
    run: async (t) => {
      const out = await ok(t, 'pvesh get /nodes/pve2/lxc/1031/config --output-format json-pretty');
      assert.match(out, /^\{\n {3}"arch" : "amd64",\n/);
      assert.equal(out, toPerlJson(JSON.parse(out), true));
    },
  },
  {
    name: 'default text output draws the box table of pvesh get /nodes',
    run: async (t) => {
      const out = await ok(t, 'LANG=C.UTF-8 pvesh get /nodes');
      const lines = out.trimEnd().split('\n');
      assert.match(lines[0] ?? '', /^┌─+┬/);
      assert.match(
        lines[1] ?? '',
        /^│ node │ status │ +cpu │ level │ maxcpu │ +maxmem │ +mem │ ssl_fingerprint +│ +uptime │$/,
      );
      assert.match(lines[2] ?? '', /^╞═+╪/);
      assert.match(lines[3] ?? '', /^│ pve2 │ online │ +\d+\.\d\d% │ +│ +\d+ │ +\d+\.\d\d GiB │/);
      assert.match(lines[4] ?? '', /^└─+┴/);
    },
  },
  {
    name: 'pct list has the fixed column layout of pct.pm',
    run: async (t) => {
      const out = await ok(t, 'pct list');
      const lines = out.split('\n').filter(Boolean);
      assert.equal(lines[0], 'VMID       Status     Lock         Name                ');
      const rows = lines.slice(1).map((l) => /^(\d+) +(running|stopped) +(\S*) +(\S+) *$/.exec(l));
      assert.ok(rows.every(Boolean), out);
      for (const l of lines) {
        assert.equal(l.length, 55, `column widths 10/10/12/20: '${l}'`);
        assert.equal(l[10], ' ');
        assert.equal(l[21], ' ');
        assert.equal(l[34], ' ');
      }
      assert.deepEqual(
        rows.map((m) => Number(m?.[1])),
        [1008, 1031, 1034, 10006],
      );
    },
  },
  {
    name: 'pvesm status has the column layout of pvesm.pm',
    run: async (t) => {
      const out = await ok(t, 'pvesm status');
      const lines = out.split('\n').filter(Boolean);
      assert.equal(
        lines[0],
        'Name              Type     Status           Total            Used       Available        %',
      );
      for (const l of lines.slice(1)) {
        assert.match(l, /^\S+ +(dir|zfspool|nfs) +(active|inactive) +\d+ +\d+ +\d+ +\d+\.\d\d%$/);
        assert.equal(l.length, lines[0]?.length, `row width: '${l}'`);
      }
      assert.deepEqual(
        lines.slice(1).map((l) => l.split(' ')[0]),
        ['ext', 'local', 'local-zfs', 'truenas-bu'],
      );
    },
  },
  {
    name: 'qm list prints nothing for a node without VMs, pveversion prints one version line',
    run: async (t) => {
      const r = await t.run('qm list');
      assert.equal(r.code, 0);
      assert.equal(r.stdout, '');
      assert.match(await ok(t, 'pveversion'), /^pve-manager\/8\.\d+\.\d+\/[0-9a-f]{16} \(running kernel: [\w.-]+\)\n$/);
    },
  },
  {
    name: 'pct config prints sorted keys, the encoded description and raw lxc keys last',
    run: async (t) => {
      const lines = (await ok(t, 'pct config 1031')).split('\n').filter(Boolean);
      const keys = lines.map((l) => l.slice(0, l.indexOf(':')));
      const plain = keys.filter((k) => !k.startsWith('lxc.'));
      assert.deepEqual(plain, [...plain].sort());
      const firstRaw = keys.findIndex((k) => k.startsWith('lxc.'));
      assert.ok(firstRaw > 0 && keys.slice(firstRaw).every((k) => k.startsWith('lxc.')), 'raw lxc keys come last');
      assert.ok(
        lines.includes('description: Docker host%3A media stack (Radarr x3, Sonarr, Deluge, Dashy)%0A'),
        lines.join('\n'),
      );
      assert.ok(lines.includes('mp0: /mnt/Main,mp=/mnt/Main'));
    },
  },
  {
    name: 'pct enter gives a shell in the guest root directory, and refuses a stopped guest',
    run: async (t) => {
      const out = await ok(t, "printf 'pwd\\nexit\\n' | pct enter 1031 2>/dev/null");
      assert.equal(out.trim(), t.path('/var/lib/lxc/1031/rootfs'));
      const r = await t.run('pct enter 10006 </dev/null');
      assert.equal(r.code, 255);
      assert.equal(r.stderr, 'CT 10006 not running\n');
    },
  },
  {
    name: 'UPIDs follow the grammar and name the task log file',
    run: async (t) => {
      const tasks = expectSchema(
        TaskListSchema,
        await getJson(t, '/nodes/pve2/tasks', '--limit 1000 --source all'),
        'tasks',
      );
      assert.ok(tasks.length >= 5);
      for (const task of tasks) {
        const m = UPID_PATTERN.exec(task.upid);
        assert.ok(m, task.upid);
        assert.equal(task.node, 'pve2');
        assert.equal(Number.parseInt(m[3] ?? '', 16), task.pid);
        assert.equal(Number.parseInt(m[5] ?? '', 16), task.starttime);
        const file = t.path(`/var/log/pve/tasks/${(m[5] ?? '').slice(7)}/${task.upid}`);
        await ok(t, `test -f '${file}'`);
      }
      const starts = tasks.map((x) => x.starttime);
      assert.deepEqual(
        starts,
        [...starts].sort((a, b) => b - a),
        'newest first',
      );
    },
  },
  {
    name: 'task list filters by type, vmid, errors and pages with start/limit',
    run: async (t) => {
      const all = expectSchema(TaskListSchema, await getJson(t, '/nodes/pve2/tasks', '--limit 1000'), 'all');
      const vz = expectSchema(
        TaskListSchema,
        await getJson(t, '/nodes/pve2/tasks', '--typefilter vzdump --limit 1000'),
        'vzdump',
      );
      assert.ok(vz.length >= 2 && vz.every((x) => x.type === 'vzdump'));
      const ct = expectSchema(
        TaskListSchema,
        await getJson(t, '/nodes/pve2/tasks', '--vmid 10006 --limit 1000'),
        'vmid',
      );
      assert.ok(ct.length >= 1 && ct.every((x) => x.id === '10006'));
      const errs = expectSchema(
        TaskListSchema,
        await getJson(t, '/nodes/pve2/tasks', '--errors 1 --limit 1000'),
        'errors',
      );
      assert.ok(errs.length >= 1 && errs.every((x) => x.status !== 'OK'));
      const page = expectSchema(TaskListSchema, await getJson(t, '/nodes/pve2/tasks', '--start 1 --limit 2'), 'page');
      assert.deepEqual(
        page.map((x) => x.upid),
        all.slice(1, 3).map((x) => x.upid),
      );
    },
  },
  {
    name: 'task log pages like dump_logfile: start skips lines, n is 1-based, limit 0 reads all',
    run: async (t) => {
      const upid = await latestTask(t, '--typefilter vzdump --vmid 1031');
      const base = `/nodes/pve2/tasks/${upid}/log`;
      const all = expectSchema(TaskLogSchema, await getJson(t, base, '--limit 0'), 'log');
      assert.ok(all.length > 10);
      assert.deepEqual(
        all.map((l) => l.n),
        all.map((_l, i) => i + 1),
      );
      assert.match(all[all.length - 1]?.t ?? '', /^TASK (OK|ERROR: .+)$/);
      const dflt = expectSchema(TaskLogSchema, await getJson(t, base), 'default');
      assert.deepEqual(dflt, all.slice(0, 50));
      const page = expectSchema(TaskLogSchema, await getJson(t, base, '--start 3 --limit 4'), 'page');
      assert.deepEqual(page, all.slice(3, 7));
      assert.equal(page[0]?.n, 4);
      assert.deepEqual(await getJson(t, base, `--start ${all.length} --limit 5`), []);
      const status = expectSchema(TaskStatusSchema, await getJson(t, `/nodes/pve2/tasks/${upid}/status`), 'status');
      assert.equal(status.status, 'stopped');
      assert.equal(status.upid, upid);
    },
  },
  {
    name: 'unknown paths and bad arguments fail like pvesh',
    run: async (t) => {
      const a = await t.run('pvesh get /nodes/pve2/nonexistent');
      assert.equal(a.code, 255);
      assert.equal(a.stderr, "no 'get' handler for '/nodes/pve2/nonexistent'\n");
      const b = await t.run('pvesh get /nodes/pve2/tasks --limit abc');
      assert.equal(b.code, 255);
      assert.match(
        b.stderr,
        /^400 Parameter verification failed\.\nlimit: type check \('integer'\) failed - got 'abc'\n/,
      );
      const c = await t.run('pvesh get /nodes/pve2/tasks --running 1');
      assert.equal(c.code, 255);
      assert.match(c.stderr, /^Unknown option: running\n400 unable to parse option\n/);
      const d = await t.run('pvesh get /nodes/pve2/lxc/4242/config');
      assert.equal(d.code, 255);
      assert.equal(d.stderr, "Configuration file 'nodes/pve2/lxc/4242.conf' does not exist\n");
      const e = await t.run('pct start 1031');
      assert.equal(e.code, 255);
      assert.equal(e.stderr, 'CT 1031 already running\n');
    },
  },
  {
    name: 'vzdump/defaults parses the live /etc/vzdump.conf with Proxmox rules',
    run: async (t) => {
      const d0 = expectSchema(VzdumpDefaultsSchema, await getJson(t, '/nodes/pve2/vzdump/defaults'), 'defaults');
      assert.equal(d0.storage, 'local');
      assert.equal(d0.dumpdir, '/var/lib/vz/dump');
      assert.equal(d0.tmpdir, undefined);
      assert.equal(d0.lockwait, 180);
      assert.equal(d0['prune-backups'], 'keep-all=1');
      const conf = t.path('/etc/vzdump.conf');
      await ok(
        t,
        `cp '${conf}' '${conf}.orig' && printf 'tmpdir: /var/lib/vz/vzdump-tmp\\nmode: snapshot # inline comment\\ntmpdri: /typo\\nlockwait : 5\\nionice: 5\\n' >> '${conf}'`,
      );
      try {
        const d1 = expectSchema(VzdumpDefaultsSchema, await getJson(t, '/nodes/pve2/vzdump/defaults'), 'defaults');
        assert.equal(d1.tmpdir, '/var/lib/vz/vzdump-tmp');
        assert.equal(d1.mode, 'snapshot', 'an invalid value is dropped, the default stays');
        assert.equal(d1.lockwait, 180, "'lockwait : 5' is not a config line");
        assert.equal(d1.ionice, '5', 'values from the file keep Perl string type');
      } finally {
        await ok(t, `mv '${conf}.orig' '${conf}'`);
      }
    },
  },
  {
    name: 'pvesh create starts a real lxc stop/start task that the task API follows',
    run: async (t) => {
      const upid = (await ok(t, 'pvesh create /nodes/pve2/lxc/1008/status/stop')).trim();
      assert.match(upid, UPID_PATTERN);
      assert.match(upid, /:vzstop:1008:root@pam:$/);
      const st = await waitUntil(
        'vzstop to finish',
        async () => {
          const s = expectSchema(TaskStatusSchema, await getJson(t, `/nodes/pve2/tasks/${upid}/status`), 'status');
          return s.status === 'stopped' ? s : undefined;
        },
        { timeoutMs: 10_000, intervalMs: 100 },
      );
      assert.equal(st.exitstatus, 'OK');
      assert.equal((await ok(t, 'pct status 1008')).trim(), 'status: stopped');
      const again = (await ok(t, 'pvesh create /nodes/pve2/lxc/1008/status/start --output-format json')).trim();
      assert.match(JSON.parse(again) as string, /:vzstart:1008:/);
      await waitUntil('CT 1008 to run', async () => (await ok(t, 'pct status 1008')).includes('running'), {
        timeoutMs: 10_000,
        intervalMs: 100,
      });
    },
  },
];
