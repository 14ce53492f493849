import type { FieldInfo, FieldTable } from '../output/textTable';
import type { Renderer } from '../output/renderers';

/**
 * Return-property metadata pvesh uses for its text tables (type for alignment, optional for
 * column order, renderer for human-readable values), per API path.
 * Spec: "name type [req] [renderer] [Title]" with type i|n|s|b|o|a.
 */
function table(spec: string): FieldTable {
  const types: Record<string, FieldInfo['type']> = {
    i: 'integer',
    n: 'number',
    s: 'string',
    b: 'boolean',
    o: 'object',
    a: 'array',
  };
  const renderers = new Set(['bytes', 'duration', 'fraction_as_percentage', 'timestamp']);
  const res: FieldTable = {};
  for (const entry of spec.trim().split(/\s*,\s*/)) {
    const [name, t, ...rest] = entry.split(/\s+/);
    if (!name || !t) continue;
    const info: FieldInfo = { type: types[t] ?? 'string', optional: !rest.includes('req') };
    for (const r of rest) {
      if (renderers.has(r)) info.renderer = r as Renderer;
      else if (r !== 'req') info.title = r;
    }
    res[name] = info;
  }
  return res;
}

const guest =
  'cpu n, cpus n, diskread i bytes, diskwrite i bytes, lock s, maxdisk i bytes, maxmem i bytes, mem i bytes, name s, netin i bytes, netout i bytes, ' +
  'pressurecpusome n, pressureiofull n, pressureiosome n, pressurememoryfull n, pressurememorysome n, status s req, tags s, template b, uptime i duration, vmid i req';

export const FIELD_TABLES: Record<string, FieldTable> = {
  '/cluster/resources': table(
    'cgroup-mode i, content s, cpu n fraction_as_percentage, disk i bytes, diskread i bytes, diskwrite i bytes, hastate s, id s req, level s, lock s, ' +
      'maxcpu n, maxdisk i bytes, maxmem i bytes, mem i bytes, memhost i bytes, name s, netin i bytes, netout i bytes, network s, network-type s, node s, ' +
      'plugintype s, pool s, protocol s, sdn s, shared b, status s, storage s, tags s, template b, type s req, uptime i duration, vmid i, zone-type s',
  ),
  '/nodes': table(
    'cpu n fraction_as_percentage, level s, maxcpu i, maxmem i bytes, mem i bytes, node s req, ssl_fingerprint s, status s req, uptime i duration',
  ),
  '/nodes/{node}/status': table(
    'boot-info o req, cpu n req, cpuinfo o req, current-kernel o req, loadavg a req, memory o req, pveversion s req, rootfs o req',
  ),
  '/nodes/{node}/lxc': table(`${guest}, disk i bytes, maxswap i bytes`),
  '/nodes/{node}/lxc/{vmid}/status/current': table(`${guest}, disk i bytes, maxswap i bytes, ha o req`),
  '/nodes/{node}/qemu': table(
    `${guest}, disk i bytes, memhost i bytes, pid i, qmpstatus s, running-machine s, running-qemu s, serial b`,
  ),
  '/nodes/{node}/qemu/{vmid}/status/current': table(
    `${guest}, disk i bytes, memhost i bytes, pid i, qmpstatus s, running-machine s, running-qemu s, serial b, agent b, clipboard s, ha o req, spice b`,
  ),
  '/nodes/{node}/lxc/{vmid}/config': {},
  '/nodes/{node}/storage': table(
    'active b, avail i bytes, content s req, enabled b, formats o, select_existing b, shared b, storage s req, total i bytes, type s req, used i bytes, used_fraction n fraction_as_percentage',
  ),
  '/nodes/{node}/storage/{storage}/content': table(
    'content s req, ctime i, encrypted s, format s req, notes s, parent s, protected b, size i req bytes, subtype s, used i bytes, verification o, vmid i, volid s req',
  ),
  '/nodes/{node}/disks/zfs': table(
    'alloc i req, dedup n req, frag i req, free i req, health s req, name s req, size i req',
  ),
  '/nodes/{node}/disks/zfs/{name}': table(
    'action s, children a req, errors s req, name s req, scan s, state s req, status s',
  ),
  '/nodes/{node}/tasks': table(
    'endtime i timestamp Endtime, id s req ID, node s req Node, pid i req PID, pstart i req, starttime i req timestamp Starttime, status s Status, type s req Type, upid s req UPID, user s req User',
  ),
  '/nodes/{node}/tasks/{upid}/status': table(
    'exitstatus s, id s req, node s req, pid i req, pstart i req, starttime i req, status s req, type s req, upid s req, user s req',
  ),
  '/nodes/{node}/tasks/{upid}/log': table('n i req, t s req'),
  '/nodes/{node}/vzdump/defaults': {},
};
