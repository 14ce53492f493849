import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, Settings } from '../../src/ids';
import { PveSettings } from '../../src/platform/settings';

// PveSettings keeps no defaults of its own: a setting left unset reads as package.json's default,
// and a value its schema refuses falls back to that default with a warning.

function manifestDefaults(): Map<string, unknown> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is not installed in this host`);
  const manifest = JSON.parse(fs.readFileSync(path.join(extension.extensionPath, 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, { default?: unknown }> } };
  };
  return new Map(
    Object.entries(manifest.contributes.configuration.properties).map(([id, property]) => [id, property.default]),
  );
}

describe('Settings read through PveSettings in a real VS Code host', () => {
  const warnings: string[] = [];
  const settings = new PveSettings((message) => warnings.push(message));
  // Each validated setting and the method that reads it (pve.hosts has a parser of its own).
  const readers = new Map<string, () => unknown>([
    [Settings.strictHostKeyChecking, () => settings.strictHostKeyChecking()],
    [Settings.sshAgent, () => settings.agent()],
    [Settings.explorerRefreshSeconds, () => settings.explorerRefreshSeconds()],
    [Settings.runbookRunUntagged, () => settings.runbookRunUntagged()],
    [Settings.runbookConfirm, () => settings.runbookConfirm()],
    [Settings.backupModeByGuest, () => settings.backupModeByGuest()],
    [Settings.healthMaxBackupAgeDays, () => settings.healthMaxBackupAgeDays()],
  ]);
  const config = () => vscode.workspace.getConfiguration();
  const saved = new Map<string, unknown>();

  before(async () => {
    for (const id of readers.keys()) {
      saved.set(id, config().inspect(id)?.globalValue);
      await config().update(id, undefined, vscode.ConfigurationTarget.Global);
    }
  });

  after(async () => {
    for (const [id, value] of saved) await config().update(id, value, vscode.ConfigurationTarget.Global);
  });

  beforeEach(() => {
    warnings.length = 0;
  });

  it('reads every setting but pve.hosts through a schema', () => {
    assert.deepEqual([...readers.keys(), Settings.hosts].sort(), Object.values(Settings).sort());
  });

  it('gives the default of package.json for each setting left unset', () => {
    const defaults = manifestDefaults();
    for (const [id, read] of readers) {
      assert.ok(defaults.has(id), `package.json has no default for ${id}`);
      assert.deepEqual(read(), defaults.get(id), id);
    }
    assert.deepEqual(warnings, []);
  });

  it('falls back to the default of package.json, with a warning naming the setting, for a value its schema refuses', async () => {
    const defaults = manifestDefaults();
    for (const [id, read] of readers) {
      await config().update(id, 'not a valid value', vscode.ConfigurationTarget.Global);
      try {
        assert.equal(config().get(id), 'not a valid value', `VS Code did not keep the bad value of ${id}`);
        assert.deepEqual(read(), defaults.get(id), id);
      } finally {
        await config().update(id, undefined, vscode.ConfigurationTarget.Global);
      }
    }
    assert.deepEqual(
      warnings,
      [...readers.keys()].map(
        (id) => `Setting ${id} has an invalid value ("not a valid value"); using ${JSON.stringify(defaults.get(id))}.`,
      ),
    );
  });
});
