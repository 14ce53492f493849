import * as vscode from 'vscode';
import { ExpectedError } from '../../domain/errors';
import { dumpDirectory } from '../../domain/proxmox/storageConfig';
import { storageWriteTest, type WriteTestStep } from '../../domain/proxmox/writeProbe';
import type { HostModel } from '../../pve/hostModel';
import type { NodeOf } from './explorerNodes';

/**
 * "Test Write Access": the runbook's NFS write test (section 6) in the storage's dump directory,
 * step by step, so the report names the permission the target refuses.
 */
export async function testWriteAccess(data: HostModel, node: NodeOf<'storage'>): Promise<WriteTestStep[]> {
  const { hostName, storage } = node;
  const definition = (await data.storageDefinitions(hostName)).find((s) => s.id === storage.storage);
  const directory = definition && dumpDirectory(definition);
  if (!directory)
    throw new ExpectedError(
      `${storage.storage} (${storage.type}) has no directory to write to; the write test is for dir and NFS/CIFS storages.`,
    );
  const steps = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Testing write access on ${storage.storage}…` },
    () => data.run(hostName, storageWriteTest(directory), { node: storage.node }),
  );
  const lines = steps.map(
    (step) => `${step.ok ? '✓' : '✗'} ${step.step}: ${step.command}${step.ok ? '' : ` — ${step.message}`}`,
  );
  const failed = steps.filter((step) => !step.ok);
  const refusesOwnership = failed.some((s) => s.step === 'chmod' || s.step === 'chown');
  const advice = refusesOwnership
    ? '\n\nThe target refuses to change permissions or owners: rsync and tar in vzdump fail the same way. ' +
      'On TrueNAS, map all users to root for this export, or give vzdump a local tmpdir.'
    : '';
  const detail = `${directory}\n\n${lines.join('\n')}${advice}`;
  const title = failed.length
    ? `${storage.storage}: ${failed.length} of ${steps.length} write steps failed`
    : `${storage.storage}: all ${steps.length} write steps passed`;
  const shown = failed.length
    ? vscode.window.showWarningMessage(title, { modal: true, detail })
    : vscode.window.showInformationMessage(title, { modal: true, detail });
  void Promise.resolve(shown).catch(() => undefined); // the report is also the command's result

  return steps;
}
