import * as vscode from 'vscode';
import { parseHostList, type HostConfig, type HostListResult } from '../domain/hosts/hostConfig';
import { Settings } from '../ids';

/**
 * Typed access to our settings. Defaults live only in package.json; reads are validated here,
 * so a hand-edited settings.json cannot feed bad values into the extension.
 */
export class PveSettings {
  readHosts(): HostListResult {
    return parseHostList(vscode.workspace.getConfiguration().get<unknown>(Settings.hosts));
  }

  async writeHosts(hosts: readonly HostConfig[]): Promise<void> {
    await vscode.workspace.getConfiguration().update(Settings.hosts, hosts, vscode.ConfigurationTarget.Global);
  }

  onDidChange(section: string, listener: () => void): vscode.Disposable {
    return vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(section)) listener();
    });
  }
}
