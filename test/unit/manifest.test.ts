import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Commands, ContextKeys, Settings, Views, WALKTHROUGH_ID } from '../../src/ids';

// package.json and src/ids.ts must agree in both directions, and ids follow pve.<area>.<verb>.

interface Manifest {
  activationEvents: string[];
  contributes: {
    commands: Array<{ command: string; title: string; category?: string; icon?: string }>;
    views: Record<string, Array<{ id: string }>>;
    viewsWelcome: Array<{ view: string; contents: string }>;
    menus: Record<string, Array<{ command: string; when?: string; group?: string }>>;
    configuration: {
      properties: Record<
        string,
        {
          default?: unknown;
          description?: string;
          markdownDescription?: string;
          enum?: unknown[];
          enumDescriptions?: string[];
          markdownEnumDescriptions?: string[];
        }
      >;
    };
    walkthroughs: Array<{
      id: string;
      steps: Array<{
        id: string;
        title: string;
        description: string;
        media: { markdown?: string };
        completionEvents?: string[];
      }>;
    }>;
    keybindings: Array<{ command: string; key: string; when?: string }>;
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
      if (schema.enum)
        assert.equal(
          (schema.enumDescriptions ?? schema.markdownEnumDescriptions)?.length,
          schema.enum.length,
          `${id} does not describe each of its choices`,
        );
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
      for (const item of items)
        assert.ok(declaredCommands.includes(item.command), `${menu} uses undeclared ${item.command}`);
    }
    for (const welcome of manifest.contributes.viewsWelcome) {
      for (const [, id] of welcome.contents.matchAll(/\(command:([\w.]+)\)/g))
        assert.ok(id && declaredCommands.includes(id), `welcome view uses undeclared ${id}`);
    }
  });

  it('activate only on the Proxmox view, Markdown, vzdump.conf, host files, a restored backup monitor, ZFS health or health check panel, and after startup, so the palette knows whether a host is configured (commands activate implicitly)', () => {
    assert.deepEqual(manifest.activationEvents, [
      `onView:${Views.explorer}`,
      'onLanguage:markdown',
      'onLanguage:pve-vzdump-conf',
      'onFileSystem:pve-file',
      'onWebviewPanel:pve.backupMonitor',
      'onWebviewPanel:pve.zfsHealth',
      'onWebviewPanel:pve.healthCheck',
      'onStartupFinished',
    ]);
    const views = Object.values(manifest.contributes.views)
      .flat()
      .map((v) => v.id);
    assert.ok(views.includes(Views.explorer));
  });

  it('give an icon to every command shown as a button (inline in the tree, in a view title)', () => {
    for (const [menu, items] of Object.entries(manifest.contributes.menus)) {
      for (const item of items.filter((i) => i.group?.startsWith('inline') || i.group?.startsWith('navigation'))) {
        assert.ok(
          manifest.contributes.commands.find((c) => c.command === item.command)?.icon,
          `${item.command} shows as a button in ${menu} without an icon`,
        );
      }
    }
  });

  it('hide from the palette the commands that need a host until one is configured', () => {
    const palette = manifest.contributes.menus.commandPalette ?? [];
    for (const id of [
      Commands.connectHost,
      Commands.checkHostHealth,
      Commands.showZfsHealth,
      Commands.editVzdumpConf,
      Commands.startBackup,
      Commands.openRemoteFile,
    ]) {
      assert.equal(palette.find((p) => p.command === id)?.when, `!${ContextKeys.noHosts}`, id);
    }
    assert.ok(!palette.some((p) => p.command === Commands.addHost), 'Add Host stays in the palette');
  });

  it('walk a new user through the extension, each step completing by itself, its page shipped in media/', () => {
    const [walkthrough] = manifest.contributes.walkthroughs;
    assert.equal(walkthrough?.id, WALKTHROUGH_ID);
    assert.deepEqual(
      walkthrough.steps.map((s) => s.id),
      ['addHost', 'trustKey', 'browse', 'runbook', 'health'],
    );
    for (const step of walkthrough.steps) {
      assert.ok(step.completionEvents?.length, `${step.id} never completes by itself`);
      assert.match(step.media.markdown ?? '', /^media\//, `${step.id}: its page is not shipped`);
      assert.ok(
        fs.existsSync(path.resolve(__dirname, '..', '..', step.media.markdown ?? '')),
        `${step.id}: ${step.media.markdown ?? ''} is missing`,
      );
      for (const [, id] of step.description.matchAll(/\(command:([\w.]+)\)/g))
        assert.ok(
          id && (declaredCommands.includes(id) || id === `${Views.explorer}.focus`),
          `${step.id} links to undeclared ${id}`,
        );
    }
  });

  it('refresh the Proxmox view with F5 while it has focus', () => {
    assert.deepEqual(manifest.contributes.keybindings, [
      { command: Commands.refreshExplorer, key: 'f5', when: `focusedView == ${Views.explorer}` },
    ]);
  });
});
