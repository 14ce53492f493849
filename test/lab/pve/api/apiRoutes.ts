import * as os from 'node:os';
import { listLxcIds } from '../config/lxcConfig';
import { listQemuIds, readQemuConfig } from '../config/qemuConfig';
import { VZDUMP_OPTIONS } from '../config/vzdumpOptions';
import { NODE_NAME } from '../labPaths';
import { ApiError } from './apiError';
import { guestContext, guestMetricsById, type GuestContext } from './guestMetrics';
import { listLxc, lxcConfig, lxcPower, lxcStatusCurrent } from './lxcHandlers';
import { listQemu, qemuResource, qemuStatusCurrent } from './qemuHandlers';
import { cpuFraction, hostUptime, memoryUsage, nodeStatus } from './nodeMetrics';
import { checkNode, type ParamSpec, type Route, vmidParam } from './routes';
import { storageContent, StorageUnavailableError } from './storageContent';
import { storageStatuses } from './storageStatus';
import { listTasks, stopTask, taskLog, taskStatus } from './taskHandlers';
import { startVzdump, vzdumpDefaults } from './vzdumpHandlers';
import { listZpools, zpoolDetail } from './zfs';

const node: Record<string, ParamSpec> = {};

function lxcResource(vmid: number, ctx: GuestContext): Record<string, unknown> {
  const m = guestMetricsById(vmid, ctx);
  return {
    id: `lxc/${vmid}`,
    type: 'lxc',
    vmid,
    name: m.name,
    node: NODE_NAME,
    status: m.status,
    uptime: m.uptime,
    cpu: m.cpu,
    maxcpu: m.cpus,
    mem: m.mem,
    maxmem: m.maxmem,
    disk: m.disk,
    maxdisk: m.maxdisk,
    netin: m.netin,
    netout: m.netout,
    diskread: m.diskread,
    diskwrite: m.diskwrite,
    template: m.template,
    ...(m.lock ? { lock: m.lock } : {}),
    ...(m.tags ? { tags: m.tags } : {}),
  };
}

function clusterResources(type: string | undefined): Array<Record<string, unknown>> {
  const res: Array<Record<string, unknown>> = [];
  const mem = memoryUsage();
  if (!type || type === 'node') {
    const rootfs = nodeStatus().rootfs as { used: number; total: number };
    res.push({
      id: `node/${NODE_NAME}`,
      type: 'node',
      node: NODE_NAME,
      status: 'online',
      cpu: cpuFraction(),
      maxcpu: os.cpus().length,
      mem: mem.used,
      maxmem: mem.total,
      uptime: hostUptime(),
      level: '',
      'cgroup-mode': 2,
      disk: rootfs.used,
      maxdisk: rootfs.total,
    });
  }
  if (!type || type === 'vm') {
    const ctx = guestContext();
    const guests = [
      ...listLxcIds().map((vmid) => ({ vmid, lxc: true })),
      ...listQemuIds().map((vmid) => ({ vmid, lxc: false })),
    ];
    for (const { vmid, lxc } of guests.sort((a, b) => a.vmid - b.vmid)) {
      res.push(lxc ? lxcResource(vmid, ctx) : qemuResource(readQemuConfig(vmid), NODE_NAME, ctx));
    }
  }
  if (!type || type === 'storage') {
    for (const s of storageStatuses()) {
      res.push({
        id: `storage/${NODE_NAME}/${s.storage}`,
        type: 'storage',
        storage: s.storage,
        node: NODE_NAME,
        status: s.active ? 'available' : 'unknown',
        content: s.content,
        plugintype: s.type,
        shared: s.shared,
        disk: s.used,
        maxdisk: s.total,
      });
    }
  }
  if (!type || type === 'sdn') {
    res.push({ id: `sdn/${NODE_NAME}/localnetwork`, type: 'sdn', sdn: 'localnetwork', node: NODE_NAME, status: 'ok' });
  }
  return res;
}

const VZDUMP_PARAMS: Record<string, ParamSpec> = Object.fromEntries(
  [...Object.keys(VZDUMP_OPTIONS), 'stdout', 'job-id'].map((k) => [k, { type: 'string' as const }]),
);

/** Every API path the stand-in serves. */
export const ROUTES: readonly Route[] = [
  {
    method: 'GET',
    path: '/version',
    params: {},
    returns: 'object',
    handler: () => ({ release: '8.2', repoid: 'faa83925c9641325', version: '8.2.4' }),
  },
  {
    method: 'GET',
    path: '/cluster/resources',
    params: { type: { type: 'string', enum: ['vm', 'storage', 'node', 'sdn'] } },
    returns: 'array',
    handler: (_u, p) => clusterResources(p.type as string | undefined),
  },
  {
    method: 'GET',
    path: '/nodes',
    params: {},
    returns: 'array',
    handler: () => {
      const mem = memoryUsage();
      return [
        {
          node: NODE_NAME,
          status: 'online',
          cpu: cpuFraction(),
          level: '',
          maxcpu: os.cpus().length,
          maxmem: mem.total,
          mem: mem.used,
          ssl_fingerprint:
            '5C:3E:91:0A:7D:22:E4:8B:19:F0:6A:C1:33:7E:52:B8:0D:9A:64:E7:21:4F:A3:C5:88:1B:2D:6E:90:F4:07:BC',
          uptime: hostUptime(),
        },
      ];
    },
  },
  {
    method: 'GET',
    path: '/nodes/{node}/status',
    params: node,
    returns: 'object',
    handler: (u) => (checkNode(u.node), nodeStatus()),
  },
  {
    method: 'GET',
    path: '/nodes/{node}/lxc',
    params: node,
    returns: 'array',
    handler: (u) => (checkNode(u.node), listLxc()),
  },
  {
    method: 'GET',
    path: '/nodes/{node}/qemu',
    params: { full: { type: 'boolean' } },
    returns: 'array',
    handler: (u, p) => (checkNode(u.node), listQemu(p.full === 1)),
  },
  {
    method: 'GET',
    path: '/nodes/{node}/qemu/{vmid}/status/current',
    params: {},
    returns: 'object',
    handler: (u) => (checkNode(u.node), qemuStatusCurrent(vmidParam(u.vmid))),
  },
  {
    method: 'GET',
    path: '/nodes/{node}/lxc/{vmid}/config',
    params: { current: { type: 'boolean' }, snapshot: { type: 'string' } },
    returns: 'object',
    handler: (u, p) => {
      checkNode(u.node);
      if (p.snapshot !== undefined) throw new ApiError(`snapshot '${String(p.snapshot)}' does not exist`);
      return lxcConfig(vmidParam(u.vmid));
    },
  },
  {
    method: 'GET',
    path: '/nodes/{node}/lxc/{vmid}/status/current',
    params: {},
    returns: 'object',
    handler: (u) => (checkNode(u.node), lxcStatusCurrent(vmidParam(u.vmid))),
  },
  ...(['start', 'stop', 'shutdown', 'reboot'] as const).map((action): Route => ({
    method: 'POST',
    path: `/nodes/{node}/lxc/{vmid}/status/${action}`,
    params:
      action === 'shutdown'
        ? { timeout: { type: 'integer', minimum: 0 }, forceStop: { type: 'boolean' } }
        : action === 'stop'
          ? { skiplock: { type: 'boolean' }, 'overrule-shutdown': { type: 'boolean' } }
          : action === 'start'
            ? { skiplock: { type: 'boolean' }, debug: { type: 'boolean' } }
            : { timeout: { type: 'integer', minimum: 0 } },
    returns: 'scalar',
    handler: async (u) => {
      checkNode(u.node);
      return (await lxcPower(vmidParam(u.vmid), action, false)).upid;
    },
  })),
  {
    method: 'GET',
    path: '/nodes/{node}/storage',
    params: {
      content: { type: 'string' },
      enabled: { type: 'boolean' },
      storage: { type: 'string' },
      format: { type: 'boolean' },
      target: { type: 'string' },
    },
    returns: 'array',
    handler: (u, p) => {
      checkNode(u.node);
      return storageStatuses()
        .filter((s) => p.storage === undefined || s.storage === p.storage)
        .filter((s) => p.enabled !== 1 || s.enabled === 1)
        .filter(
          (s) =>
            p.content === undefined ||
            String(p.content)
              .split(',')
              .some((c) => s.content.split(',').includes(c)),
        )
        .map(({ error: _e, ...s }) => s);
    },
  },
  {
    method: 'GET',
    path: '/nodes/{node}/storage/{storage}/content',
    params: { content: { type: 'string' }, vmid: { type: 'integer', minimum: 100 } },
    returns: 'array',
    handler: (u, p) => {
      checkNode(u.node);
      try {
        return storageContent(u.storage ?? '', {
          content: p.content as string | undefined,
          vmid: p.vmid as number | undefined,
        });
      } catch (err) {
        if (err instanceof StorageUnavailableError) throw new ApiError(err.message);
        throw err;
      }
    },
  },
  {
    method: 'GET',
    path: '/nodes/{node}/disks/zfs',
    params: {},
    returns: 'array',
    handler: (u) => (checkNode(u.node), listZpools()),
  },
  {
    method: 'GET',
    path: '/nodes/{node}/disks/zfs/{name}',
    params: {},
    returns: 'object',
    handler: (u) => (checkNode(u.node), zpoolDetail(u.name ?? '')),
  },
  {
    method: 'GET',
    path: '/nodes/{node}/tasks',
    params: {
      errors: { type: 'boolean' },
      limit: { type: 'integer', minimum: 0 },
      since: { type: 'integer' },
      source: { type: 'string', enum: ['archive', 'active', 'all'] },
      start: { type: 'integer', minimum: 0 },
      statusfilter: { type: 'string' },
      typefilter: { type: 'string' },
      until: { type: 'integer' },
      userfilter: { type: 'string' },
      vmid: { type: 'integer', minimum: 100, maximum: 999_999_999 },
    },
    returns: 'array',
    handler: (u, p) => (checkNode(u.node), listTasks(p)),
  },
  {
    method: 'GET',
    path: '/nodes/{node}/tasks/{upid}/status',
    params: {},
    returns: 'object',
    handler: (u) => (checkNode(u.node), taskStatus(u.upid ?? '')),
  },
  {
    method: 'GET',
    path: '/nodes/{node}/tasks/{upid}/log',
    params: {
      start: { type: 'integer', minimum: 0 },
      limit: { type: 'integer', minimum: 0 },
      download: { type: 'boolean' },
    },
    returns: 'array',
    handler: (u, p) => {
      checkNode(u.node);
      if (p.download !== undefined && (p.start !== undefined || p.limit !== undefined)) {
        throw new ApiError("'download' cannot be used together with 'start' or 'limit' parameters");
      }
      return taskLog(u.upid ?? '', p);
    },
  },
  {
    method: 'DELETE',
    path: '/nodes/{node}/tasks/{upid}',
    params: {},
    returns: 'null',
    handler: (u) => (checkNode(u.node), stopTask(u.upid ?? '')),
  },
  {
    method: 'GET',
    path: '/nodes/{node}/vzdump/defaults',
    params: { storage: { type: 'string' } },
    returns: 'object',
    handler: (u, p) => (checkNode(u.node), vzdumpDefaults(p.storage as string | undefined)),
  },
  {
    method: 'POST',
    path: '/nodes/{node}/vzdump',
    params: VZDUMP_PARAMS,
    returns: 'scalar',
    handler: async (u, p) => {
      checkNode(u.node);
      const params: Record<string, string> = {};
      if (p.vmid !== undefined) params.vmid = String(p.vmid);
      params.node = u.node ?? NODE_NAME;
      for (const [k, v] of Object.entries(p)) if (k !== 'vmid') params[k] = String(v);
      const res = await startVzdump(params, { sync: false, cli: false });
      return res === 'OK' ? 'OK' : res.upid;
    },
  },
];
