import * as vscode from 'vscode';
import { ExpectedError } from '../../domain/errors';
import { countOf } from '../../shared/format';
import type { Logger } from '../../domain/logging/logger';
import { commandText } from '../../domain/proxmox/pvesh';
import { compareWithDefaults, vzdumpDefaults } from '../../domain/vzdumpConf/defaultsCheck';
import { validateVzdumpConf } from '../../domain/vzdumpConf/index';
import type { Dialogs } from '../../platform/confirm';
import type { HostModel } from '../../pve/hostModel';
import type { RemoteFileEditing, SaveOccasion, SaveParticipant } from '../../platform/remoteFileScheme';
import { errorMessage } from '../../shared/errorMessage';

/**
 * Saving /etc/vzdump.conf: a file with errors is saved only when the user insists, and after
 * the write Proxmox is asked what it now reads, so a setting that does not take effect is
 * caught at once, with the previous version one click away.
 */
export class VzdumpSave implements SaveParticipant {
  /** The last defaults check, for the tests and the log. */
  lastCheck: { uri: string; mismatches: ReturnType<typeof compareWithDefaults> } | undefined;

  constructor(
    private readonly files: RemoteFileEditing,
    private readonly data: HostModel,
    private readonly dialogs: Dialogs,
    private readonly logger: Logger,
  ) {}

  matches(uri: vscode.Uri): boolean {
    return uri.path === '/etc/vzdump.conf';
  }

  async beforeWrite(uri: vscode.Uri, content: Uint8Array, occasion: SaveOccasion): Promise<void> {
    const errors = errorsIn(Buffer.from(content).toString('utf8'));
    if (errors.length === 0) return;
    const count = countOf(errors.length, 'error');
    // Auto-save never asks: VS Code holds it back while errors show (files.autoSaveWhenNoErrors,
    // set for this language), and one that slips past (a setting changed by the user) fails quietly.
    if (!occasion.explicit)
      throw new ExpectedError(
        `Not saved automatically: vzdump.conf has ${count}. Fix them, or press Ctrl+S to save anyway.`,
      );
    const list = errors.slice(0, 8).map((d) => `line ${d.line + 1}: ${d.message}`);
    const more = errors.length > 8 ? `\n… and ${errors.length - 8} more` : '';
    const detail = `Proxmox ignores or drops these settings, so they will not take effect:\n\n${list.join('\n')}${more}`;
    const save = await this.dialogs.confirm(
      `vzdump.conf on ${uri.authority} has ${count}. Save anyway?`,
      detail,
      'Save Anyway',
      "Don't Save",
    );
    if (!save) throw new ExpectedError(`Not saved: vzdump.conf has ${count} (see the Problems panel).`);
  }

  async afterWrite(
    uri: vscode.Uri,
    saved: { previous: Uint8Array | undefined; backup: string | undefined } & SaveOccasion,
  ): Promise<void> {
    const hostName = uri.authority;
    try {
      const node = (await this.data.run(hostName, commandText(['hostname']))).trim();
      const defaults = await this.data.run(hostName, vzdumpDefaults(node), { node });
      const text = (await this.files.readFile(uri)).toString();
      const { values } = validateVzdumpConf(text);
      const mismatches = compareWithDefaults(values, defaults);
      this.lastCheck = { uri: uri.toString(), mismatches };
      if (mismatches.length === 0) {
        this.reportReadAsWritten(hostName, errorsIn(text).length, saved.explicit);
        return;
      }
      const lines = mismatches.map(
        (m) => `${m.key}: you wrote "${m.meant}", Proxmox reads "${m.proxmox || '(nothing)'}"`,
      );
      this.logger.warn(`vzdump.conf on ${hostName} is read differently: ${lines.join('; ')}`);
      // Not awaited: the save itself is done; the answer may come much later.
      const previous = saved.previous;
      void vscode.window
        .showWarningMessage(
          `Proxmox on ${hostName} does not read vzdump.conf the way it was meant: ${lines.join('; ')}`,
          ...(previous ? ['Roll Back'] : []),
        )
        .then(async (choice) => {
          if (choice === 'Roll Back' && previous) await vscode.workspace.fs.writeFile(uri, previous);
        });
    } catch (error) {
      this.logger.warn(`could not check vzdump.conf against Proxmox on ${hostName}: ${errorMessage(error)}`);
    }
  }

  /**
   * Every value Proxmox has matches the file. That is only worth saying when the file has no line
   * Proxmox ignores, and only to a user who saved on purpose: auto-save speaks up on a difference.
   */
  private reportReadAsWritten(hostName: string, ignoredLines: number, explicit: boolean): void {
    const message =
      ignoredLines === 0
        ? `Saved vzdump.conf on ${hostName}: Proxmox reads the values as written.`
        : `Saved vzdump.conf on ${hostName}, with ${countOf(ignoredLines, 'line')} that Proxmox ignores (see the Problems panel).`;
    this.logger.info(message);
    if (!explicit) return;
    if (ignoredLines === 0) void vscode.window.showInformationMessage(message);
    else void vscode.window.showWarningMessage(message);
  }
}

function errorsIn(text: string) {
  return validateVzdumpConf(text).diagnostics.filter((d) => d.severity === 'error');
}
