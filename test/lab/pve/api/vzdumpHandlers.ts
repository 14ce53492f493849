import { listLxcIds } from '../config/lxcConfig';
import { findStorage, dumpDirOf } from '../config/storageConfig';
import { printPropertyString, readVzdumpDefaults } from '../config/vzdumpConf';
import { API_ONLY_OPTIONS, checkOption, splitList, VZDUMP_OPTIONS } from '../config/vzdumpOptions';
import { shellQuote } from '../vzdump/format';
import { forkWorker } from '../tasks/worker';
import { ApiError, ParamError } from './apiError';

/** GET /nodes/{node}/vzdump/defaults */
export function vzdumpDefaults(storageParam: string | undefined): Record<string, unknown> {
  const res: Record<string, unknown> = { ...readVzdumpDefaults().values };
  if (storageParam !== undefined) res.storage = storageParam;
  if (res.dumpdir === undefined && res.storage === undefined) res.storage = 'local';
  if (typeof res.storage === 'string') {
    const s = findStorage(res.storage);
    if (!s) throw new ApiError(`storage '${res.storage}' does not exist`);
    if (!s.content.includes('backup'))
      throw new ApiError(`can't use storage '${s.storage}' for backups - wrong content type`);
    const dumpdir = dumpDirOf(s);
    if (dumpdir) res.dumpdir = dumpdir;
    if (s.pruneBackups) res['prune-backups'] = s.pruneBackups;
  }
  const prune = res['prune-backups'];
  if (prune && typeof prune === 'object')
    res['prune-backups'] = printPropertyString(prune as Record<string, string | number>);
  if (Array.isArray(res.mailto)) res.mailto = res.mailto.join(',');
  if (Array.isArray(res['exclude-path'])) res['exclude-path'] = (res['exclude-path'] as string[]).join(',');
  return res;
}

/** PVE::VZDump::Common::command_line: "vzdump <vmids> --key value ..." in the given order. */
export function vzdumpCommandLine(params: Record<string, string>): string {
  let cmd = 'vzdump';
  if (params.vmid) cmd += ` ${splitList(params.vmid).join(' ')}`;
  for (const [k, v] of Object.entries(params)) {
    if (['vmid', 'stdout', 'job-id'].includes(k) || v === '') continue;
    if (k === 'exclude-path') for (const p of v.split('\0')) cmd += ` --${k} ${shellQuote(p)}`;
    else cmd += ` --${k} ${shellQuote(v)}`;
  }
  return cmd;
}

/**
 * POST /nodes/{node}/vzdump and the vzdump CLI: validates the parameters, then forks the task.
 * Returns 'OK' where vzdump silently does nothing (other node).
 */
export async function startVzdump(
  params: Record<string, string>,
  opts: { sync: boolean; cli: boolean; hang?: boolean },
): Promise<{ upid: string; exitCode: number } | 'OK'> {
  const errors: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) {
    const spec = VZDUMP_OPTIONS[k] ?? API_ONLY_OPTIONS[k];
    if (!spec) {
      errors[k] = 'property is not defined in schema and the schema does not allow additional properties';
      continue;
    }
    const err = spec.type === 'array' ? undefined : checkOption(spec, v);
    if (err) errors[k] = err;
  }
  if (Object.keys(errors).length > 0) throw new ParamError(errors);
  if (!opts.cli && params.stdout)
    throw new ParamError({ stdout: 'option is only allowed on the command line interface.' });
  if (params.all === '1' && params.vmid) throw new ParamError({ all: "option conflicts with option 'vmid'" });
  if (params.exclude && params.all !== '1')
    throw new ParamError({ exclude: "option only makes sense in combination with option 'all'" });
  if (params.all !== '1' && params.stop !== '1' && !params.pool && !params.vmid) {
    throw new ParamError({ vmid: 'property is missing and it is not optional' });
  }
  if (params.node && params.node !== 'pve2') return 'OK';
  const vmids = params.all === '1' ? listLxcIds() : splitList(params.vmid ?? '');
  if (params.stdout === '1' && vmids.length !== 1)
    throw new ApiError('you can only backup a single VM with option --stdout');
  if (params.stdout === '1') throw new ApiError('the pve2 lab stand-in does not stream backups to stdout (--stdout)');
  if (vmids.length === 0 && params.all !== '1') return 'OK';
  const taskid = vmids.length === 1 ? String(vmids[0]) : '';
  return forkWorker(
    'vzdump',
    taskid,
    { kind: 'vzdump', params, cmdline: vzdumpCommandLine(params), hang: opts.hang ?? false },
    { sync: opts.sync },
  );
}
