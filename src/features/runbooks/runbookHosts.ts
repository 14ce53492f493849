import type * as vscode from 'vscode';
import { ExpectedError } from '../../domain/errors';
import type { PveSettings } from '../../platform/settings';
import { configuredHostNames } from '../hosts/pickHost';

const KEY = 'pve.runbook.hostByDocument';

/**
 * Which host a block runs on: its `host=` attribute, else the front matter (`pve-host:`), else
 * the only configured host, else the one the user picked for this document before.
 */
export class RunbookHosts {
  constructor(
    private readonly settings: PveSettings,
    private readonly state: vscode.Memento,
  ) {}

  /** The host without asking, or undefined when the user has to choose. */
  known(document: vscode.Uri, attribute: unknown, frontMatter: Record<string, string>): string | undefined {
    const configured = configuredHostNames(this.settings);
    const named = typeof attribute === 'string' && attribute ? attribute : frontMatter['pve-host'];
    if (named) {
      if (!configured.includes(named))
        throw new ExpectedError(
          `This runbook names the host "${named}", which is not in pve.hosts. Add it (Proxmox: Add Host…) or change the runbook.`,
        );
      return named;
    }
    if (configured.length === 1) return configured[0];
    const remembered = this.state.get<Record<string, string>>(KEY, {})[document.toString()];
    return remembered && configured.includes(remembered) ? remembered : undefined;
  }

  configured(): string[] {
    return configuredHostNames(this.settings);
  }

  async remember(document: vscode.Uri, host: string): Promise<void> {
    await this.state.update(KEY, { ...this.state.get<Record<string, string>>(KEY, {}), [document.toString()]: host });
  }
}
