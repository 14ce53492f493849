import {
  ConfigNotFoundError,
  configDigest,
  encodeText,
  listLxcIds,
  readLxcConfig,
  typedConfigValue,
} from '../config/lxcConfig';
import { isRunning } from '../config/guestRuntime';
import { forkWorker } from '../tasks/worker';
import { ApiError } from './apiError';
import { guestContext, guestMetrics, guestMetricsById } from './guestMetrics';

function loadOrThrow<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ConfigNotFoundError) throw new ApiError(err.message);
    throw err;
  }
}

/** The fields /lxc and /lxc/{vmid}/status/current share, in the API's order. */
function statusFields(m: ReturnType<typeof guestMetricsById>): Record<string, unknown> {
  return {
    vmid: m.vmid,
    name: m.name,
    status: m.status,
    uptime: m.uptime,
    cpu: m.cpu,
    cpus: m.cpus,
    mem: m.mem,
    maxmem: m.maxmem,
    maxswap: m.maxswap,
    disk: m.disk,
    maxdisk: m.maxdisk,
    netin: m.netin,
    netout: m.netout,
    diskread: m.diskread,
    diskwrite: m.diskwrite,
    ...(m.lock ? { lock: m.lock } : {}),
    ...(m.tags ? { tags: m.tags } : {}),
    ...(m.template ? { template: 1 } : {}),
  };
}

/** GET /nodes/{node}/lxc */
export function listLxc(): Array<Record<string, unknown>> {
  const ctx = guestContext();
  return listLxcIds().map((vmid) => statusFields(guestMetricsById(vmid, ctx)));
}

/** GET /nodes/{node}/lxc/{vmid}/status/current */
export function lxcStatusCurrent(vmid: number): Record<string, unknown> {
  const m = loadOrThrow(() => guestMetricsById(vmid));
  return { ...statusFields(m), ha: { managed: 0 } };
}

/** GET /nodes/{node}/lxc/{vmid}/config: typed values, description, raw lxc keys, digest. */
export function lxcConfig(vmid: number): Record<string, unknown> {
  const conf = loadOrThrow(() => readLxcConfig(vmid));
  const res: Record<string, unknown> = { digest: configDigest(conf) };
  for (const [k, v] of conf.entries) res[k] = typedConfigValue(k, v);
  if (conf.description !== undefined) res.description = conf.description;
  if (conf.rawLxc.length > 0) res.lxc = conf.rawLxc.map(([k, v]) => [k, v]);
  return res;
}

/** `pct config` lines: sorted keys without digest/lxc, description encoded, raw lxc keys last. */
export function formatPctConfig(vmid: number): string {
  const conf = loadOrThrow(() => readLxcConfig(vmid));
  const all = new Map(conf.entries);
  if (conf.description !== undefined) all.set('description', encodeText(conf.description));
  let out = '';
  for (const k of [...all.keys()].sort()) out += `${k}: ${all.get(k)}\n`;
  for (const [k, v] of conf.rawLxc) out += `${k}: ${v}\n`;
  return out;
}

export type PowerAction = 'start' | 'stop' | 'shutdown' | 'reboot';

const TASK_TYPES: Record<PowerAction, string> = {
  start: 'vzstart',
  stop: 'vzstop',
  shutdown: 'vzshutdown',
  reboot: 'vzreboot',
};

/** POST /nodes/{node}/lxc/{vmid}/status/{action}: checks done before the fork, then a worker. */
export async function lxcPower(
  vmid: number,
  action: PowerAction,
  sync: boolean,
): Promise<{ upid: string; exitCode: number }> {
  loadOrThrow(() => readLxcConfig(vmid));
  const running = isRunning(vmid);
  if (action === 'start' && running) throw new ApiError(`CT ${vmid} already running`);
  if (action !== 'start' && !running)
    throw new ApiError(action === 'reboot' ? `VM ${vmid} not running` : `CT ${vmid} not running`);
  return forkWorker(TASK_TYPES[action], String(vmid), { kind: 'lxc-power', action, vmid }, { sync });
}

export { guestMetrics };
