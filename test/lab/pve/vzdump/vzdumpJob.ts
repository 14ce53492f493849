import { listLxcIds } from '../config/lxcConfig';
import { readLabSettings } from '../setup/labSettings';
import type { TaskLogger } from '../tasks/taskLogger';
import { ExitWithoutStatus } from '../tasks/worker';
import { backupGuest } from './lxcBackup';
import type { BackupContext } from './backupContext';
import { GlobalLock } from './globalLock';
import { Interrupt } from './interrupt';
import { buildJobOptions, JobSetupError } from './jobOptions';

/**
 * The body of a vzdump task (the worker sub of PVE/API2/VZDump.pm): set up the job from the
 * parameters and /etc/vzdump.conf, take the global lock (honouring lockwait), back up each guest,
 * and end with "job errors" when a guest failed.
 */
export async function runVzdumpJob(
  params: Record<string, string>,
  cmdline: string,
  hang: boolean,
  log: TaskLogger,
  upid: string,
): Promise<void> {
  const interrupt = new Interrupt();
  interrupt.install(hang);
  const settings = readLabSettings();

  let setup: ReturnType<typeof buildJobOptions>;
  try {
    setup = buildJobOptions(params, listLxcIds());
  } catch (err) {
    // the warnings of the config file were printed before the job failed
    if (err instanceof JobSetupError) throw new Error(`${err.message}\n`);
    throw err;
  }
  for (const w of setup.warnings) log.line(w);
  const opts = setup.opts;

  const lock = new GlobalLock();
  lock.open();
  if (!lock.tryLock()) {
    if (!opts.lockwait) {
      log.error("can't acquire lock '/var/run/vzdump.lock' (wait = 0)");
      throw new ExitWithoutStatus();
    }
    log.info('trying to get global lock - waiting...');
    const got = await lock.lockWithin(opts.lockwait * settings.lockwaitUnitSeconds, interrupt.signal);
    if (!got) {
      log.error("can't acquire lock '/var/run/vzdump.lock' - got timeout");
      // the API worker sends its notification and exit(-1)s: the task log gets no TASK line
      throw new ExitWithoutStatus();
    }
    log.info('got global lock');
  }
  lock.writePidFile(upid);

  const ctx: BackupContext = { opts, log, interrupt, slowFactor: settings.slowFactor, hang };
  log.info(`starting new backup job: ${cmdline}`);
  let errors = 0;
  try {
    for (const vmid of opts.vmids) {
      if (!(await backupGuest(ctx, vmid))) errors++;
    }
  } catch (err) {
    const msg = (err as Error).message;
    log.error(`Backup job failed - ${msg}`);
    throw err;
  }
  log.info(errors ? 'Backup job finished with errors' : 'Backup job finished successfully');
  if (errors) throw new Error('job errors');
  lock.removePidFile();
}
