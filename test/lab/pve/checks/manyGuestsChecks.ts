import * as assert from 'node:assert/strict';
import type { z } from 'zod';
import { MANY_GUESTS_QEMU, MANY_GUESTS_TOTAL } from '../setup/manyGuests';
import { ClusterResourcesSchema, LxcListSchema, QemuListSchema, QemuStatusCurrentSchema } from '../schemas/apiSchemas';
import { SEED_GUESTS } from '../seedData';
import { getJson, ok, type Check } from './fidelityChecks';
import type { LabTarget } from './labTarget';

/**
 * The `many-guests` state (`pve-lab many-guests on`): 1,000 guests whose every output still has
 * the real formats. The checks expect the state on; the last one switches it off and on again.
 */

/** Generous: the benchmark needs the bare call to stay well under a second (see the lab README). */
const RESOURCES_BUDGET_MS = 2500;

function expectSchema<S extends z.ZodType>(schema: S, data: unknown, what: string): z.infer<S> {
  const r = schema.safeParse(data);
  assert.ok(
    r.success,
    `${what} does not match the API schema: ${r.success ? '' : JSON.stringify(r.error.issues.slice(0, 5))}`,
  );
  return r.data;
}

const SEED_CTS = ['10006:dashy:stopped', '1008:caddy:running', '1031:docker:running', '1034:plex:running'];
const QM_HEADER = '      VMID NAME                 STATUS     MEM(MB)    BOOTDISK(GB) PID       ';

async function guestsOf(t: LabTarget, extra = ''): Promise<z.infer<typeof ClusterResourcesSchema>> {
  const res = expectSchema(ClusterResourcesSchema, await getJson(t, '/cluster/resources', extra), 'resources');
  return res.filter((r) => r.type === 'lxc' || r.type === 'qemu');
}

export const MANY_GUESTS_CHECKS: readonly Check[] = [
  {
    name: `/cluster/resources lists ${MANY_GUESTS_TOTAL} schema-valid guests, quickly, with tags, locks, templates and both states`,
    run: async (t) => {
      const t0 = Date.now();
      const guests = await guestsOf(t);
      const ms = Date.now() - t0;
      assert.ok(ms < RESOURCES_BUDGET_MS, `pvesh get /cluster/resources took ${ms} ms`);
      assert.equal(guests.length, MANY_GUESTS_TOTAL);
      assert.equal(guests.filter((g) => g.type === 'qemu').length, MANY_GUESTS_QEMU);
      assert.equal(new Set(guests.map((g) => g.vmid)).size, MANY_GUESTS_TOTAL, 'VMIDs are unique');
      for (const g of guests) {
        assert.equal(g.id, `${g.type}/${g.vmid}`);
        assert.equal(g.node, 'pve2');
        assert.ok(g.name && g.maxmem && g.maxdisk !== undefined && g.maxcpu, JSON.stringify(g));
        if (g.status === 'stopped') assert.deepEqual([g.uptime, g.cpu, g.mem], [0, 0, 0], JSON.stringify(g));
        else assert.ok((g.uptime ?? -1) >= 0 && (g.mem ?? 0) > 0, JSON.stringify(g));
        if (g.type === 'qemu') assert.equal(g.disk, 0, 'pvestatd has no disk usage for VMs');
        if (g.template === 1) assert.equal(g.status, 'stopped');
      }
      const running = guests.filter((g) => g.status === 'running').length;
      assert.ok(running > 500 && running < MANY_GUESTS_TOTAL - 100, `running: ${running}`);
      assert.ok(guests.filter((g) => g.tags).length > 200, 'tags on some');
      const locks = guests.filter((g) => g.lock).map((g) => `${g.vmid}:${g.lock}`);
      assert.ok(locks.length >= 5 && locks.length < 20, `locks on a few: ${locks.join(' ')}`);
      assert.ok(locks.includes('2017:backup') && locks.includes('3040:suspended'), locks.join(' '));
      assert.ok(
        guests.some((g) => g.type === 'lxc' && g.template === 1) &&
          guests.some((g) => g.type === 'qemu' && g.template === 1),
      );
      assert.ok(
        guests.some((g) => (g.vmid ?? 0) >= 10_000 && g.type === 'lxc' && g.vmid !== 10006),
        '5-digit VMIDs',
      );
      const seed = guests
        .filter((g) => SEED_GUESTS.some((s) => s.vmid === g.vmid))
        .map((g) => `${g.vmid}:${g.name}:${g.status}`);
      assert.deepEqual(seed.sort(), SEED_CTS);
      const vms = await guestsOf(t, '--type vm');
      assert.equal(vms.length, MANY_GUESTS_TOTAL);
    },
  },
  {
    name: "the seed's four CT configs stay exactly as they are",
    run: async (t) => {
      for (const g of SEED_GUESTS) {
        assert.equal(await ok(t, `cat '${t.path(`/etc/pve/lxc/${g.vmid}.conf`)}'`), g.config, `CT ${g.vmid}`);
      }
    },
  },
  {
    name: '/nodes/pve2/lxc and /nodes/pve2/qemu (plain and --full) list them with the API fields',
    run: async (t) => {
      const cts = expectSchema(LxcListSchema, await getJson(t, '/nodes/pve2/lxc'), 'lxc');
      assert.equal(cts.length, MANY_GUESTS_TOTAL - MANY_GUESTS_QEMU);
      const vms = expectSchema(QemuListSchema, await getJson(t, '/nodes/pve2/qemu'), 'qemu');
      assert.equal(vms.length, MANY_GUESTS_QEMU);
      assert.ok(
        vms.every((v) => v.qmpstatus === undefined && v.diskread === undefined),
        'no QMP values without full',
      );
      assert.ok(
        vms.every((v) => (v.status === 'running') === (v.pid !== undefined)),
        'a pid for running VMs only',
      );
      const full = expectSchema(QemuListSchema, await getJson(t, '/nodes/pve2/qemu', '--full 1'), 'qemu full');
      for (const v of full) {
        assert.equal(v.qmpstatus, v.status);
        if (v.status === 'running') assert.match(v['running-machine'] ?? '', /^pc-(i440fx|q35)-\d+\.\d+\+pve\d+$/);
      }
    },
  },
  {
    name: 'pct list keeps its fixed columns with 5-digit VMIDs and shows locks',
    run: async (t) => {
      const lines = (await ok(t, 'pct list')).split('\n').filter(Boolean);
      assert.equal(lines[0], 'VMID       Status     Lock         Name                ');
      assert.equal(lines.length, 1 + MANY_GUESTS_TOTAL - MANY_GUESTS_QEMU);
      const vmids: number[] = [];
      for (const l of lines.slice(1)) {
        const m = /^(\d+) +(running|stopped) +(\S*) +(\S+) *$/.exec(l);
        assert.ok(m, l);
        // printf("%-10s %-10s %-12s %-20s\n"): a longer lock ('snapshot-delete') pushes the name right
        const s = Math.max(0, (m[3] ?? '').length - 12);
        assert.equal(l.length, 55 + s, `column widths 10/10/12/20: '${l}'`);
        assert.equal(l.slice(0, 11).trimEnd(), m[1]);
        assert.equal(l.slice(11, 22).trimEnd(), m[2]);
        assert.equal(l.slice(22, 35 + s).trimEnd(), m[3]);
        assert.equal(l.slice(35 + s).trimEnd(), m[4]);
        vmids.push(Number(m[1]));
      }
      assert.deepEqual(
        vmids,
        [...vmids].sort((a, b) => a - b),
        'sorted by VMID',
      );
      assert.ok(vmids.includes(20046) && vmids.includes(10006));
      assert.ok(
        lines.some((l) => /^2017 +\w+ +backup +\S+ *$/.test(l)),
        'the lock column',
      );
      assert.ok(
        lines.some((l) => /^20012 +\w+ +snapshot-delete \S+ *$/.test(l)),
        'a lock wider than its column',
      );
    },
  },
  {
    name: 'qm list has the layout of qm.pm, with the values of /nodes/pve2/qemu',
    run: async (t) => {
      const lines = (await ok(t, 'qm list')).split('\n').filter(Boolean);
      assert.equal(lines[0], QM_HEADER);
      const api = new Map(
        expectSchema(QemuListSchema, await getJson(t, '/nodes/pve2/qemu'), 'qemu').map((v) => [v.vmid, v]),
      );
      assert.equal(lines.length - 1, api.size);
      let previous = 0;
      for (const l of lines.slice(1)) {
        // printf "%10s %-20s %-10s %-10s %12.2f %-10s\n": a name longer than 20 pushes the rest right
        const [vmid = '', name = '', status = '', mem = '', disk = '', pid = '', ...more] = l.trim().split(/ +/);
        assert.equal(more.length, 0, l);
        const s = Math.max(0, name.length - 20);
        assert.equal(l.length, 77 + s, `column widths: '${l}'`);
        assert.equal(l.slice(0, 10), vmid.padStart(10));
        assert.equal(l.slice(11, 31 + s).trimEnd(), name);
        assert.equal(l.slice(32 + s, 42 + s).trimEnd(), status);
        assert.equal(l.slice(43 + s, 53 + s).trimEnd(), mem);
        assert.equal(l.slice(54 + s, 66 + s), disk.padStart(12));
        assert.equal(l.slice(67 + s).trimEnd(), pid);
        assert.ok(Number(vmid) > previous, 'sorted by VMID');
        previous = Number(vmid);
        const v = api.get(Number(vmid));
        assert.ok(v, `VM ${vmid} in the API`);
        assert.deepEqual(
          [name, status, mem, disk, Number(pid)],
          [
            v.name,
            v.status,
            String((v.maxmem ?? 0) / 1024 / 1024),
            ((v.maxdisk ?? 0) / 1024 ** 3).toFixed(2),
            v.pid ?? 0,
          ],
        );
      }
      assert.ok(
        lines.some((l) => l.includes(' debian12-cloud-template stopped ')),
        'the template, with its long name',
      );
    },
  },
  {
    name: 'a VM has status/current, qm status, qm config and qm unlock',
    run: async (t) => {
      const running = expectSchema(QemuListSchema, await getJson(t, '/nodes/pve2/qemu'), 'qemu').find(
        (v) => v.status === 'running' && !v.lock,
      );
      assert.ok(running);
      const cur = expectSchema(
        QemuStatusCurrentSchema,
        await getJson(t, `/nodes/pve2/qemu/${running.vmid}/status/current`),
        'status/current',
      );
      assert.equal(cur.qmpstatus, 'running');
      assert.deepEqual(cur.ha, { managed: 0 });
      assert.equal((await ok(t, `qm status ${running.vmid}`)).trim(), 'status: running');
      const tpl = expectSchema(
        QemuStatusCurrentSchema,
        await getJson(t, '/nodes/pve2/qemu/9000/status/current'),
        'template',
      );
      assert.deepEqual([tpl.status, tpl.qmpstatus, tpl.template, tpl.serial], ['stopped', 'stopped', 1, 1]);
      const conf = (await ok(t, 'qm config 9000')).split('\n').filter(Boolean);
      const keys = conf.map((l) => l.slice(0, l.indexOf(':')));
      assert.deepEqual(keys, [...keys].sort());
      assert.ok(conf.includes('template: 1') && conf.includes('name: debian12-cloud-template'), conf.join('\n'));
      assert.match(await ok(t, 'qm config 3007'), /^lock: backup$/m);
      await ok(t, 'qm unlock 3007');
      assert.doesNotMatch(await ok(t, 'qm config 3007'), /^lock:/m);
      const missing = await t.run('qm status 4242');
      assert.equal(missing.code, 255);
      assert.equal(missing.stderr, "Configuration file 'nodes/pve2/qemu-server/4242.conf' does not exist\n");
    },
  },
  {
    name: "many-guests off leaves the seed's four CTs and no VM; on brings the 1,000 back",
    run: async (t) => {
      await ok(t, 'pve-lab many-guests off');
      const seedOnly = await guestsOf(t);
      assert.deepEqual(seedOnly.map((g) => `${g.vmid}:${g.name}:${g.status}`).sort(), SEED_CTS);
      assert.equal(await ok(t, 'qm list'), '');
      assert.match(await ok(t, 'pve-lab status'), /"manyGuests": false/);
      await ok(t, 'pve-lab many-guests on');
      assert.equal((await guestsOf(t)).length, MANY_GUESTS_TOTAL);
      assert.match(await ok(t, 'pve-lab status'), /"manyGuests": true/);
    },
  },
];
