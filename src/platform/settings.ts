import * as vscode from 'vscode';
import * as z from 'zod';
import { parseHostList, type HostConfig, type HostListResult } from '../domain/hosts/hostConfig';
import type { StrictHostKeyChecking } from '../domain/ssh/hostKeyDecision';
import { Settings } from '../ids';

const strictSchema = z.enum(['ask', 'yes', 'accept-new']);
const agentSchema = z.enum(['auto', 'pageant', 'none']);

/**
 * Typed access to our settings. Defaults live only in package.json: VS Code answers `get()` with
 * the manifest's default when nothing is set, and `inspect()` gives it when a value must be
 * replaced. Reads are validated here, and an invalid value falls back to the manifest's default
 * with a warning, so a hand-edited settings.json cannot feed bad values into the extension.
 */
export class PveSettings {
  constructor(private readonly warn: (message: string) => void = () => undefined) {}

  readHosts(): HostListResult {
    return parseHostList(vscode.workspace.getConfiguration().get<unknown>(Settings.hosts));
  }

  async writeHosts(hosts: readonly HostConfig[]): Promise<void> {
    await vscode.workspace.getConfiguration().update(Settings.hosts, hosts, vscode.ConfigurationTarget.Global);
  }

  strictHostKeyChecking(): StrictHostKeyChecking {
    return this.read(Settings.strictHostKeyChecking, strictSchema);
  }

  explorerRefreshSeconds(): number {
    return this.read(Settings.explorerRefreshSeconds, z.number().int().min(0).max(3600));
  }

  runbookRunUntagged(): boolean {
    return this.read(Settings.runbookRunUntagged, z.boolean());
  }

  /** VMIDs or tags mapped to the vzdump mode the backup policy gives them. */
  backupModeByGuest(): Record<string, 'snapshot' | 'suspend' | 'stop'> {
    return this.read(Settings.backupModeByGuest, z.record(z.string(), z.enum(['snapshot', 'suspend', 'stop'])));
  }

  /** A guest whose newest backup is older than this many days gets a warning in the health check. */
  healthMaxBackupAgeDays(): number {
    return this.read(Settings.healthMaxBackupAgeDays, z.number().int().min(1).max(3650));
  }

  async writeBackupModeByGuest(modes: Record<string, 'snapshot' | 'suspend' | 'stop'>): Promise<void> {
    await vscode.workspace
      .getConfiguration()
      .update(Settings.backupModeByGuest, modes, vscode.ConfigurationTarget.Global);
  }

  runbookConfirm(): 'destructive' | 'always' | 'never' {
    return this.read(Settings.runbookConfirm, z.enum(['destructive', 'always', 'never']));
  }

  agent(): z.infer<typeof agentSchema> {
    return this.read(Settings.sshAgent, agentSchema);
  }

  onDidChange(section: string, listener: () => void): vscode.Disposable {
    return vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(section)) listener();
    });
  }

  private read<T>(id: string, schema: z.ZodType<T>): T {
    const config = vscode.workspace.getConfiguration();
    const raw = config.get<unknown>(id);
    const parsed = schema.safeParse(raw);
    if (parsed.success) return parsed.data;
    const manifestDefault = config.inspect<unknown>(id)?.defaultValue;
    const fallback = schema.safeParse(manifestDefault);
    // A default that fails its own schema is a bug in package.json, not something to use.
    if (!fallback.success)
      throw new Error(
        `package.json gives ${id} the default ${JSON.stringify(manifestDefault)}, which its schema refuses`,
      );
    this.warn(`Setting ${id} has an invalid value (${JSON.stringify(raw)}); using ${JSON.stringify(fallback.data)}.`);
    return fallback.data;
  }
}
