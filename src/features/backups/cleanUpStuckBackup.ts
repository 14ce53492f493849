import * as vscode from 'vscode';
import {
  cleanupStuckBackupOperation,
  findStuckBackups,
  surveyBackupProcesses,
  TERM_GRACE_SECONDS,
  VZDUMP_LOCK,
  type CleanupReport,
  type StuckBackup,
} from '../../domain/backup/stuckBackup';
import type { Logger } from '../../domain/logging/logger';
import type { Dialogs } from '../../platform/confirm';
import type { HostModel } from '../../pve/hostModel';

export interface CleanupDeps {
  data: HostModel;
  dialogs: Dialogs;
  logger: Logger;
}

/**
 * "Clean Up Stuck Backup": shows the backup processes it found and who holds the global lock,
 * asks, then ends exactly those (see stuckBackup.ts). `exceptUpid` is the job that gave up
 * waiting, which is not the stuck one.
 */
export async function cleanUpStuckBackup(
  deps: CleanupDeps,
  host: string,
  exceptUpid?: string,
): Promise<CleanupReport | undefined> {
  const stuck = findStuckBackups(await deps.data.run(host, surveyBackupProcesses()), exceptUpid);
  if (stuck.length === 0) {
    void vscode.window.showInformationMessage(
      `No backup process (vzdump, or rsync/tar on a backup's files) is running on ${host}. Nothing to clean up.`,
    );
    return undefined;
  }
  const chosen = stuck.length === 1 ? stuck[0] : await pickStuck(host, stuck);
  if (!chosen) return undefined;
  const guest = (await deps.data.inventory(host)).guests.find((g) => g.vmid === chosen.vmid);
  const type = guest?.type ?? (chosen.processes.some((p) => p.args.includes('vzdump-qemu-')) ? 'qemu' : 'lxc');
  const tool = type === 'lxc' ? 'pct' : 'qm';

  const detail = [
    `These processes of the backup of ${chosen.vmid}${guest ? ` (${guest.name})` : ''} are running on ${host}:`,
    ...chosen.processes.map((p) => `  ${p.pid}  ${shorten(p.args)}`),
    chosen.hasLockOpen
      ? `It has the global lock file ${VZDUMP_LOCK} open: it holds the lock, or waits for it.`
      : `It does not have the global lock file ${VZDUMP_LOCK} open.`,
    '',
    `They get TERM, then ${TERM_GRACE_SECONDS} s to end; the ones still running get KILL. The lock ` +
      `file is removed only if no vzdump is left on the host, and ${tool} unlock ${chosen.vmid} runs ` +
      `only if the guest's lock is "backup". The partial archive stays on the storage.`,
  ].join('\n');
  if (
    !(await deps.dialogs.confirm(
      `End the stuck backup of ${chosen.vmid} on ${host}?`,
      detail,
      'End Backup Processes',
      'Keep Running',
    ))
  )
    return undefined;

  const report = await deps.data.run(host, cleanupStuckBackupOperation(chosen, type));
  deps.data.invalidate(host);
  deps.logger.info(
    `stuck backup of ${chosen.vmid} on ${host}: TERM ${report.terminated.join(' ') || '-'}, KILL ` +
      `${report.killed.join(' ') || '-'}, still running ${report.survivors.join(' ') || '-'}, lock ` +
      `file ${report.lockRemoved ? 'removed' : `kept (vzdump ${report.vzdumpLeft.join(' ')})`}, unlock: ` +
      `${report.unlock.message}`,
  );
  const summary = summarize(chosen.vmid, report, tool);
  if (report.survivors.length) void vscode.window.showWarningMessage(summary);
  else void vscode.window.showInformationMessage(summary);
  return report;
}

function summarize(vmid: number, report: CleanupReport, tool: string): string {
  const killed = report.killed.length ? ` (${report.killed.length} needed KILL)` : '';
  const ended = `${report.terminated.length} process${report.terminated.length === 1 ? '' : 'es'} ended${killed}.`;
  const survivors = report.survivors.length
    ? ` Still running after KILL, probably stuck in the kernel on a hung mount: ${report.survivors.join(', ')}.`
    : '';
  const lock = report.lockRemoved
    ? ` ${VZDUMP_LOCK} removed.`
    : ` ${VZDUMP_LOCK} kept: vzdump ${report.vzdumpLeft.join(', ')} still running.`;
  const unlock = report.unlock.done
    ? ` ${tool} unlock ${vmid} done.`
    : ` ${tool} unlock ${vmid}: ${report.unlock.message}.`;
  return `Backup of ${vmid}: ${ended}${survivors}${lock}${unlock}`;
}

async function pickStuck(host: string, stuck: StuckBackup[]): Promise<StuckBackup | undefined> {
  const ordered = [...stuck].sort((a, b) => Number(b.hasLockOpen) - Number(a.hasLockOpen));
  const picked = await vscode.window.showQuickPick(
    ordered.map((s) => ({
      label: `${s.vmid}`,
      description: `${s.processes.length} process${s.processes.length === 1 ? '' : 'es'}${s.hasLockOpen ? ' · has the global lock file open' : ''}`,
      detail: shorten(s.processes[0]?.args ?? ''),
      stuck: s,
    })),
    { title: `Backups running on ${host}: which one is stuck?` },
  );
  return picked?.stuck;
}

/** Long command lines keep their start (the program) and their end (the paths they work on). */
function shorten(text: string): string {
  return text.length > 140 ? `${text.slice(0, 50)} … ${text.slice(-85)}` : text;
}
