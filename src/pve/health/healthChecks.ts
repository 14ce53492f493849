import type { BackupMode } from '../../domain/backup/backupPlan';
import { findStuckBackups, surveyBackupProcesses } from '../../domain/backup/stuckBackup';
import { backupAgeFindings } from '../../domain/health/backupAge';
import { archiveLogPath, backupLogModesOperation } from '../../domain/health/backupLogModes';
import type { Finding, HealthArea } from '../../domain/health/findings';
import { lockFindings } from '../../domain/health/lockFindings';
import { lockProbeOperation } from '../../domain/health/lockProbe';
import { policyFindings } from '../../domain/health/policyFindings';
import { writeTestFinding } from '../../domain/health/storageFindings';
import { vzdumpConfFindings } from '../../domain/health/vzdumpConfFindings';
import { damagedBackupFindings, zfsFindings } from '../../domain/health/zfsFindings';
import { parseMountPoints } from '../../domain/proxmox/guestConfig';
import { backupStoragesOf, type GuestInfo, type Inventory, type StorageInfo } from '../../domain/proxmox/inventory';
import type { StorageContentItem } from '../../domain/proxmox/schemas';
import { dumpDirectory, type StorageDefinition } from '../../domain/proxmox/storageConfig';
import { storageWriteTest } from '../../domain/proxmox/writeProbe';
import { validateVzdumpConf } from '../../domain/vzdumpConf';
import { pathFactsOperation, storagesFromConfig } from '../../domain/vzdumpConf/hostChecks';
import { leafVdevNames, mirrorWarnings } from '../../domain/zfs/mirrorMismatch';
import type { RemoteOperation } from '../../domain/shell/remoteOperation';
import type { ZpoolStatus } from '../../domain/zfs/types';
import type { HostModel } from '../hostModel';

// The checks of "Check Host Health", each a function of what the host answers. Facts several
// checks need (storage.cfg, the pools, the backup lists) are asked once per run and shared.

export interface HealthCheck {
  id: string;
  area: HealthArea;
  title: string;
  run(facts: CheckContext): Promise<Finding[]>;
}

export interface HealthPolicy {
  maxBackupAgeDays: number;
  modeByGuest: Record<string, BackupMode>;
}

/**
 * What the checks of one run share: the host model (emptied when the run starts, so each fact is
 * asked once per run and shared by the checks that need it) and the run's deadline.
 */
export class CheckContext {
  /**
   * Fires `timeoutMs` after the run started. A backup storage on a hung NFS mount never answers;
   * its check then ends with an error instead of keeping the report busy, and the remote commands
   * that touch such paths are given the signal, so they are ended on the host.
   */
  readonly deadline: AbortSignal;

  constructor(
    readonly data: HostModel,
    readonly host: string,
    readonly node: string,
    readonly inventory: Inventory,
    readonly policy: HealthPolicy,
    readonly now: Date,
    readonly timeoutMs: number,
  ) {
    this.deadline = AbortSignal.timeout(timeoutMs);
  }

  /** A command that may hang on a dead mount: not cached, and ended at the deadline. */
  run<T>(operation: RemoteOperation<T>): Promise<T> {
    return this.data.run(this.host, operation, { signal: this.deadline, node: this.node });
  }

  storageDefinitions(): Promise<StorageDefinition[]> {
    return this.data.storageDefinitions(this.host);
  }

  pools(): Promise<ZpoolStatus[]> {
    return this.data.pools(this.host);
  }

  /** Every archive on the node's active backup storages. */
  async backups(): Promise<{ storage: string; item: StorageContentItem }[]> {
    const active = backupStoragesOf(this.inventory, this.node).filter((s) => s.status === 'available');
    const lists = await Promise.all(
      active.map(async (s) =>
        (await this.data.backups(this.host, this.node, s.storage)).map((item) => ({ storage: s.storage, item })),
      ),
    );
    return lists.flat();
  }

  guests(): GuestInfo[] {
    return this.inventory.guests.filter((g) => g.node === this.node);
  }
}

/** The checks for a node: one write test per backup storage, then one check per area. */
export function healthChecks(inventory: Inventory, node: string): HealthCheck[] {
  return [
    ...backupStoragesOf(inventory, node).map(writeTestCheck),
    { id: 'vzdump.conf', area: 'vzdump.conf', title: '/etc/vzdump.conf', run: checkVzdumpConf },
    { id: 'locks', area: 'locks', title: 'the backup locks', run: checkLocks },
    { id: 'zfs', area: 'zfs', title: 'the ZFS pools', run: checkZfs },
    { id: 'backups', area: 'backups', title: 'the backups of each guest', run: checkBackups },
    { id: 'policy', area: 'policy', title: 'the backup policy', run: checkPolicy },
  ];
}

function writeTestCheck(storage: StorageInfo): HealthCheck {
  return {
    id: `storage:${storage.storage}`,
    area: 'storage',
    title: `the write test on ${storage.storage}`,
    run: async (facts) => {
      if (storage.status !== 'available') {
        // pvesm status says why on stderr, e.g. "storage 'truenas-bu' is not online"
        const why = (await facts.data.storageErrors(facts.host).catch(() => new Map<string, string>())).get(
          storage.storage,
        );
        return [
          {
            area: 'storage',
            verdict: 'failure',
            title: `${storage.storage} is not active, so nothing can be backed up to it`,
            evidence: `status: ${storage.status}${why ? `; ${why}` : ''}`,
          },
        ];
      }
      const definition = (await facts.storageDefinitions()).find((d) => d.id === storage.storage);
      const directory = definition ? dumpDirectory(definition) : undefined;
      if (!directory)
        return [
          {
            area: 'storage',
            verdict: 'pass',
            title: `${storage.storage}: no directory to test (type ${storage.type})`,
            evidence: 'the write test applies to file-based storages',
          },
        ];
      return [writeTestFinding(storage.storage, directory, await facts.run(storageWriteTest(directory)))];
    },
  };
}

async function checkVzdumpConf(facts: CheckContext): Promise<Finding[]> {
  const [text, definitions] = await Promise.all([
    facts.data.vzdumpConf(facts.host, facts.node),
    facts.storageDefinitions(),
  ]);
  const tmpdir = validateVzdumpConf(text).values.tmpdir;
  const paths =
    typeof tmpdir === 'string' && tmpdir.startsWith('/') ? await facts.run(pathFactsOperation([tmpdir])) : [];
  return vzdumpConfFindings(text, { storages: storagesFromConfig(definitions), paths });
}

async function checkLocks(facts: CheckContext): Promise<Finding[]> {
  const running = findStuckBackups(await facts.run(surveyBackupProcesses()));
  const probe = await facts.run(lockProbeOperation(running.flatMap((b) => b.processes.map((p) => p.pid))));
  return lockFindings(probe, running, facts.guests());
}

async function checkZfs(facts: CheckContext): Promise<Finding[]> {
  const [pools, definitions] = await Promise.all([facts.pools(), facts.storageDefinitions()]);
  const leaves = pools.flatMap((pool) => leafVdevNames(pool));
  const disks = await facts.data.diskFacts(facts.host, leaves, facts.node);
  const warnings = new Map(pools.map((pool) => [pool.name, mirrorWarnings(pool, disks)]));
  return zfsFindings(pools, warnings, definitions, facts.inventory.guests, facts.now);
}

async function checkBackups(facts: CheckContext): Promise<Finding[]> {
  const [backups, pools, definitions] = await Promise.all([facts.backups(), facts.pools(), facts.storageDefinitions()]);
  return [
    ...backupAgeFindings(facts.guests(), backups, facts.now.getTime() / 1000, facts.policy.maxBackupAgeDays),
    ...damagedBackupFindings(pools, definitions, facts.inventory.guests, backups),
  ];
}

async function checkPolicy(facts: CheckContext): Promise<Finding[]> {
  const [configs, backups, definitions] = await Promise.all([
    facts.data.containerConfigs(facts.host, facts.node),
    facts.backups(),
    facts.storageDefinitions(),
  ]);
  // the newest archive of each guest, and where its log lies
  const newest = new Map<number, string>();
  for (const { item } of [...backups].sort((a, b) => (a.item.ctime ?? 0) - (b.item.ctime ?? 0)))
    if (item.vmid !== undefined) newest.set(item.vmid, item.volid);
  const logs = new Map<number, { volid: string; log: string }>();
  for (const [vmid, volid] of newest) {
    const log = archiveLogPath(volid, definitions);
    if (log) logs.set(vmid, { volid, log });
  }
  const modes = logs.size
    ? await facts.run(backupLogModesOperation([...logs.values()].map((l) => l.log)))
    : new Map<string, string>();
  return policyFindings({
    guests: facts.guests(),
    modeByGuest: facts.policy.modeByGuest,
    newestBackupMode: new Map([...logs].map(([vmid, l]) => [vmid, { volid: l.volid, mode: modes.get(l.log) ?? '' }])),
    mountPoints: new Map([...configs].map(([vmid, config]) => [vmid, parseMountPoints(config)])),
  });
}
