import * as z from 'zod';
import { RemoteCommandError, type RemoteOperation } from '../shell/remoteOperation';
import { parseZpoolStatus, type ZpoolStatus } from '../zfs/parseZpoolStatus';
import { parseStorageErrors } from './inventory';
import { apiPath, commandText, pveshCreateTask, pveshDelete, pveshGet } from './pvesh';
import {
  clusterResourcesSchema,
  guestConfigSchema,
  storageContentSchema,
  storageStatusSchema,
  taskListSchema,
  taskLogSchema,
  taskStatusSchema,
  zfsPoolListSchema,
} from './schemas';
import type { GuestType } from './inventory';

// Every Proxmox call the explorer makes, as data. The SSH layer runs them; tests check the argv.

export type GuestAction = 'start' | 'stop' | 'shutdown' | 'reboot';

export const proxmoxApi = {
  clusterResources: () => pveshGet('/cluster/resources', clusterResourcesSchema),
  guestConfig: (node: string, type: GuestType, vmid: number) =>
    pveshGet(apiPath('nodes', node, type, vmid, 'config'), guestConfigSchema),
  storageStatus: (node: string) => pveshGet(apiPath('nodes', node, 'storage'), z.array(storageStatusSchema)),
  storageContent: (node: string, storage: string, content?: string) =>
    pveshGet(apiPath('nodes', node, 'storage', storage, 'content'), storageContentSchema, { content }),
  /** `source: 'active'` lists running tasks; the default lists finished ones. */
  tasks: (
    node: string,
    params: { source?: 'active' | 'all'; limit?: number; vmid?: number; typefilter?: string } = {},
  ) => pveshGet(apiPath('nodes', node, 'tasks'), taskListSchema, params),
  taskStatus: (node: string, upid: string) =>
    pveshGet(apiPath('nodes', node, 'tasks', upid, 'status'), taskStatusSchema),
  /** `start` lines are skipped; limit 0 reads to the end (the API's paging rules). */
  taskLog: (node: string, upid: string, start = 0, limit = 0) =>
    pveshGet(apiPath('nodes', node, 'tasks', upid, 'log'), taskLogSchema, { start, limit }),
  stopTask: (node: string, upid: string) => pveshDelete(apiPath('nodes', node, 'tasks', upid)),
  zfsPools: (node: string) => pveshGet(apiPath('nodes', node, 'disks', 'zfs'), zfsPoolListSchema),
  guestAction: (node: string, type: GuestType, vmid: number, action: GuestAction) =>
    pveshCreateTask(apiPath('nodes', node, type, vmid, 'status', action)),
  /** The config as `pct config` / `qm config` print it, for a read-only document. */
  guestConfigText: (type: GuestType, vmid: number) =>
    commandText([type === 'lxc' ? 'pct' : 'qm', 'config', String(vmid)]),
  unlockGuest: (type: GuestType, vmid: number) => commandText([type === 'lxc' ? 'pct' : 'qm', 'unlock', String(vmid)]),
  /** `zpool status -v`: the only way to see the files with permanent errors (the API omits -v). */
  zpoolStatus: (): RemoteOperation<ZpoolStatus[]> => ({
    command: { argv: ['zpool', 'status', '-v'] },
    parse: (output) => {
      if (output.exitCode !== 0) throw new RemoteCommandError('zpool status -v', output);
      return parseZpoolStatus(output.stdout);
    },
  }),
  zpoolScrub: (pool: string, stop = false) => commandText(['zpool', 'scrub', ...(stop ? ['-s'] : []), pool]),
  zpoolClear: (pool: string) => commandText(['zpool', 'clear', pool]),
  /** Why storages are inactive: `pvesm status` prints activation errors on stderr. */
  storageErrors: (): RemoteOperation<Map<string, string>> => ({
    command: { argv: ['pvesm', 'status'] },
    parse: (output) => parseStorageErrors(output.stderr),
  }),
};
