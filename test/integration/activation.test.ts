import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Commands, EXTENSION_ID, Settings, Views } from '../../src/ids';

// These run inside a real VS Code extension host (code-server 4.139.1 = VS Code 1.139.1).

interface Manifest {
  contributes: {
    commands: Array<{ command: string }>;
    views: Record<string, Array<{ id: string }>>;
    viewsContainers: { activitybar: Array<{ id: string }> };
    configuration: { properties: Record<string, unknown> };
  };
}

function readManifest(): Manifest {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is not installed in this host`);
  return JSON.parse(fs.readFileSync(path.join(extension.extensionPath, 'package.json'), 'utf8')) as Manifest;
}

describe('Extension activation in a real VS Code host', () => {
  before(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not installed in this host`);
    await extension.activate();
  });

  it('is active after activate()', () => {
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
  });

  it('registers every command that package.json declares', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const declared = readManifest().contributes.commands.map((c) => c.command);
    assert.ok(declared.length > 0, 'package.json declares no commands');
    const missing = declared.filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `declared but not registered: ${missing.join(', ')}`);
  });

  it('declares in package.json every id of src/ids.ts', () => {
    const manifest = readManifest();
    const declaredCommands = new Set(manifest.contributes.commands.map((c) => c.command));
    for (const id of Object.values(Commands))
      assert.ok(declaredCommands.has(id), `command ${id} is not in package.json`);
    const containers = manifest.contributes.viewsContainers.activitybar.map((c) => c.id);
    assert.ok(containers.includes(Views.container), `view container ${Views.container} is missing`);
    const views = Object.values(manifest.contributes.views)
      .flat()
      .map((v) => v.id);
    assert.ok(views.includes(Views.explorer), `view ${Views.explorer} is missing`);
    for (const id of Object.values(Settings))
      assert.ok(id in manifest.contributes.configuration.properties, `setting ${id} is missing`);
  });

  it('runs inside the server-side (Node) extension host', () => {
    assert.equal(vscode.env.uiKind, vscode.UIKind.Web);
    assert.ok(typeof process.versions.node === 'string');
  });

  it('adds a host given to the Add Host command and shows it in settings', async () => {
    const config = vscode.workspace.getConfiguration();
    await config.update(Settings.hosts, [], vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand(Commands.addHost, { name: 'pve2', host: '192.0.2.10', username: 'root' });
    const hosts = vscode.workspace.getConfiguration().get<unknown[]>(Settings.hosts);
    assert.deepEqual(hosts, [{ name: 'pve2', host: '192.0.2.10', username: 'root' }]);
    await config.update(Settings.hosts, [], vscode.ConfigurationTarget.Global);
  });

  it('refuses a second host with the same name', async () => {
    const config = vscode.workspace.getConfiguration();
    await config.update(Settings.hosts, [{ name: 'pve2', host: '192.0.2.10' }], vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand(Commands.addHost, { name: 'pve2', host: '192.0.2.11' });
    assert.deepEqual(vscode.workspace.getConfiguration().get<unknown[]>(Settings.hosts), [
      { name: 'pve2', host: '192.0.2.10' },
    ]);
    await config.update(Settings.hosts, [], vscode.ConfigurationTarget.Global);
  });
});
