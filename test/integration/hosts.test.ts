import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PveOpsApi } from '../../src/extension';
import { Commands, Settings } from '../../src/ids';
import type { ConnectionState } from '../../src/remote/connectionPool';
import { configureLabHost, extensionApi, labInfo, trustLabHostKey } from './support/lab';

function waitForState(api: PveOpsApi, host: string, wanted: ConnectionState['status']): Promise<ConnectionState> {
  if (api.sessions.state(host).status === wanted) return Promise.resolve(api.sessions.state(host));
  return new Promise((resolve) => {
    const listener = api.sessions.onDidChangeState((event) => {
      if (event.host === host && event.state.status === wanted) {
        listener.dispose();
        resolve(event.state);
      }
    });
  });
}

describe('Hosts and connections in the real VS Code host, against the lab', function () {
  this.timeout(60_000);
  const lab = labInfo();
  let api: PveOpsApi;

  before(async () => {
    api = await extensionApi();
    await configureLabHost(lab);
  });

  after(async () => {
    api.sessions.disconnect('pve2');
    await api.sessions.trustStore.remove(lab.host, lab.port);
    await vscode.workspace.getConfiguration().update(Settings.hosts, [], vscode.ConfigurationTarget.Global);
  });

  it('refuses a host whose key nobody trusted (the dialog was dismissed) and says why', async () => {
    await api.sessions.trustStore.remove(lab.host, lab.port);
    await vscode.commands.executeCommand(Commands.connectHost, 'pve2');
    const state = api.sessions.state('pve2');
    assert.equal(state.status, 'disconnected');
    assert.match(
      state.status === 'disconnected' ? (state.reason ?? '') : '',
      /host key \(ED25519 SHA256:[\w+/]+\) was not trusted/,
    );
  });

  it('connects through the Connect command once the key is trusted, and runs a command', async () => {
    await trustLabHostKey(api, lab);
    await vscode.commands.executeCommand(Commands.connectHost, 'pve2');
    await waitForState(api, 'pve2', 'connected');
    const connection = await api.sessions.connection('pve2');
    assert.equal((await connection.collect({ argv: ['hostname'] })).stdout.trim(), lab.nodeName);
  });

  it('disconnects through the Disconnect command', async () => {
    await vscode.commands.executeCommand(Commands.disconnectHost, 'pve2');
    assert.deepEqual(api.sessions.state('pve2'), { status: 'disconnected', reason: 'disconnected by the user' });
  });
});
