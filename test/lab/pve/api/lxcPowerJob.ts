import { setTimeout as delay } from 'node:timers/promises';
import { lockError, readLxcConfig } from '../config/lxcConfig';
import { isRunning, startGuest, stopGuest } from '../config/guestRuntime';
import type { TaskLogger } from '../tasks/taskLogger';

/** Worker body of vzstart/vzstop/vzshutdown/vzreboot (their real task logs are empty on success). */
export async function runLxcPower(
  action: 'start' | 'stop' | 'shutdown' | 'reboot',
  vmid: number,
  _log: TaskLogger,
): Promise<void> {
  const conf = readLxcConfig(vmid);
  const lock = conf.entries.get('lock');
  if (lock && lock !== 'mounted') throw new Error(lockError(lock));
  switch (action) {
    case 'start':
      if (isRunning(vmid)) throw new Error(`CT ${vmid} already running`);
      await delay(300);
      startGuest(vmid);
      return;
    case 'stop':
      stopGuest(vmid);
      return;
    case 'shutdown':
      // an orderly shutdown takes a moment inside the guest
      await delay(600);
      stopGuest(vmid);
      return;
    case 'reboot':
      await delay(400);
      stopGuest(vmid);
      startGuest(vmid);
      return;
  }
}
