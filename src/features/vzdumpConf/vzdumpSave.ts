import * as vscode from 'vscode';
import type { Logger } from '../../domain/logging/logger';
import { commandText } from '../../domain/proxmox/pvesh';
import { compareWithDefaults, vzdumpDefaults } from '../../domain/vzdumpConf/defaultsCheck';
import { validateVzdumpConf } from '../../domain/vzdumpConf/index';
import type { Dialogs } from '../../platform/confirm';
import type { HostSessions } from '../hosts/hostSessions';
import type { RemoteFileSystem, SaveParticipant } from '../remoteFiles/remoteFileSystem';

/**
 * Saving /etc/vzdump.conf: a file with errors is saved only when the user insists, and after
 * the write Proxmox is asked what it now reads, so a setting that does not take effect is
 * caught at once, with the previous version one click away.
 */
export class VzdumpSave implements SaveParticipant {
  /** The last defaults check, for the tests and the log. */
  lastCheck: { uri: string; mismatches: ReturnType<typeof compareWithDefaults> } | undefined;

  constructor(
    private readonly files: RemoteFileSystem,
    private readonly sessions: HostSessions,
    private readonly dialogs: Dialogs,
    private readonly logger: Logger,
  ) {}

  matches(uri: vscode.Uri): boolean {
    return uri.path === '/etc/vzdump.conf';
  }

  async beforeWrite(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const errors = validateVzdumpConf(Buffer.from(content).toString('utf8')).diagnostics.filter((d) => d.severity === 'error');
    if (errors.length === 0) return;
    const list = errors.slice(0, 8).map((d) => `line ${d.line + 1}: ${d.message}`);
    const detail = `Proxmox ignores or drops these settings, so they will not take effect:\n\n${list.join('\n')}${errors.length > 8 ? `\n… and ${errors.length - 8} more` : ''}`;
    const save = await this.dialogs.confirm(`vzdump.conf on ${uri.authority} has ${errors.length} error${errors.length === 1 ? '' : 's'}. Save anyway?`, detail, 'Save Anyway');
    if (!save) throw new Error(`Not saved: vzdump.conf has ${errors.length} error${errors.length === 1 ? '' : 's'} (see the Problems panel).`);
  }

  async afterWrite(uri: vscode.Uri, saved: { previous: Uint8Array | undefined; backup: string | undefined }): Promise<void> {
    const hostName = uri.authority;
    try {
      const connection = await this.sessions.connection(hostName);
      const node = (await connection.run(commandText(['hostname']))).trim();
      const defaults = await connection.run(vzdumpDefaults(node));
      const { values } = validateVzdumpConf((await this.files.readFile(uri)).toString());
      const mismatches = compareWithDefaults(values, defaults);
      this.lastCheck = { uri: uri.toString(), mismatches };
      if (mismatches.length === 0) {
        this.logger.info(`vzdump.conf on ${hostName}: Proxmox reads every value as written`);
        vscode.window.setStatusBarMessage(`$(check) Saved; Proxmox on ${hostName} reads the values as written`, 5000);
        return;
      }
      const lines = mismatches.map((m) => `${m.key}: you wrote "${m.meant}", Proxmox reads "${m.proxmox || '(nothing)'}"`);
      this.logger.warn(`vzdump.conf on ${hostName} is read differently: ${lines.join('; ')}`);
      // Not awaited: the save itself is done; the answer may come much later.
      const previous = saved.previous;
      void vscode.window
        .showWarningMessage(`Proxmox on ${hostName} does not read vzdump.conf the way it was meant: ${lines.join('; ')}`, ...(previous ? ['Roll Back'] : []))
        .then(async (choice) => {
          if (choice === 'Roll Back' && previous) await vscode.workspace.fs.writeFile(uri, previous);
        });
    } catch (error) {
      this.logger.warn(`could not check vzdump.conf against Proxmox on ${hostName}: ${String(error)}`);
    }
  }
}
