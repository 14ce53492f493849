import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Commands, Settings, Views } from '../../src/ids';

// package.json and src/ids.ts must agree in both directions, and ids follow pve.<area>.<verb>.

interface Manifest {
  activationEvents: string[];
  contributes: {
    commands: Array<{ command: string; title: string; category?: string }>;
    views: Record<string, Array<{ id: string }>>;
    viewsWelcome: Array<{ view: string; contents: string }>;
    menus: Record<string, Array<{ command: string }>>;
    configuration: { properties: Record<string, { default?: unknown; description?: string; markdownDescription?: string }> };
  };
}

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8')) as Manifest;
const declaredCommands = manifest.contributes.commands.map((c) => c.command);

describe('package.json and src/ids.ts', () => {
  it('declare the same commands', () => {
    assert.deepEqual([...declaredCommands].sort(), Object.values(Commands).sort());
  });

  it('declare the same settings, each with a default and a description', () => {
    const properties = manifest.contributes.configuration.properties;
    assert.deepEqual(Object.keys(properties).sort(), Object.values(Settings).sort());
    for (const [id, schema] of Object.entries(properties)) {
      assert.ok('default' in schema, `${id} has no default`);
      assert.ok(schema.description ?? schema.markdownDescription, `${id} has no description`);
    }
  });

  it('name commands pve.<area>.<verb> and settings pve.<section>.<name> or pve.<name>', () => {
    for (const id of declaredCommands) assert.match(id, /^pve\.[a-z]+\.[a-z][a-zA-Z]*$/, id);
    for (const id of Object.values(Settings)) assert.match(id, /^pve\.[a-z]+(\.[a-z][a-zA-Z]*)?$/, id);
  });

  it('give every command a title in the Proxmox category', () => {
    for (const command of manifest.contributes.commands) {
      assert.ok(command.title, `${command.command} has no title`);
      assert.equal(command.category, 'Proxmox', `${command.command} is not in the Proxmox category`);
    }
  });

  it('only reference declared commands in menus and the welcome view', () => {
    for (const [menu, items] of Object.entries(manifest.contributes.menus)) {
      for (const item of items) assert.ok(declaredCommands.includes(item.command), `${menu} uses undeclared ${item.command}`);
    }
    for (const welcome of manifest.contributes.viewsWelcome) {
      for (const [, id] of welcome.contents.matchAll(/\(command:([\w.]+)\)/g)) assert.ok(id && declaredCommands.includes(id), `welcome view uses undeclared ${id}`);
    }
  });

  it('activate only on the Proxmox view, Markdown, vzdump.conf, host files and a restored backup monitor, ZFS health or health check panel (commands activate implicitly)', () => {
    assert.deepEqual(manifest.activationEvents, [`onView:${Views.explorer}`, 'onLanguage:markdown', 'onLanguage:pve-vzdump-conf', 'onFileSystem:pve-file', 'onWebviewPanel:pve.backupMonitor', 'onWebviewPanel:pve.zfsHealth', 'onWebviewPanel:pve.healthCheck']);
    const views = Object.values(manifest.contributes.views).flat().map((v) => v.id);
    assert.ok(views.includes(Views.explorer));
  });
});
