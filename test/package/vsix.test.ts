import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { listZipEntries, readZipEntry } from '../support/zipEntries';

// The VSIX must hold the bundle and its assets, nothing else: no sources, tests, source maps
// or node_modules (the bundle carries its dependencies).

const root = path.resolve(__dirname, '..', '..');
const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
const vsix = path.join(root, `pve-ops-${version}.vsix`);

const allowed: readonly RegExp[] = [
  /^\[Content_Types\]\.xml$/,
  /^extension\.vsixmanifest$/,
  /^extension\/package\.json$/,
  /^extension\/readme\.md$/,
  /^extension\/changelog\.md$/,
  /^extension\/LICENSE\.txt$/,
  /^extension\/dist\/extension\.js$/,
  /^extension\/dist\/webview\/[\w-]+\.(js|css)$/,
  /^extension\/media\/[\w./-]+\.(svg|png|css)$/,
  // the walkthrough's pages
  /^extension\/media\/walkthrough\/[\w-]+\.md$/,
  // the vzdump.conf language: its grammar and its editor settings
  /^extension\/media\/vzdump-conf\.(tmLanguage|language-configuration)\.json$/,
];

describe('The packaged VSIX', () => {
  let entries: string[];

  before(function () {
    if (!fs.existsSync(vsix)) throw new Error(`${path.basename(vsix)} is missing: run \`npm run package\` first`);
    entries = listZipEntries(vsix);
  });

  it('holds only the bundle, the manifest, the docs and media', () => {
    const unexpected = entries.filter((entry) => !allowed.some((pattern) => pattern.test(entry)));
    assert.deepEqual(unexpected, [], `unexpected files in the VSIX: ${unexpected.join(', ')}`);
  });

  it('stays under 2 MB', () => {
    const size = fs.statSync(vsix).size;
    assert.ok(size < 2 * 1024 * 1024, `${path.basename(vsix)} is ${(size / 1024 / 1024).toFixed(2)} MB`);
  });

  it('holds the extension bundle, the README, the icons, the walkthrough and the vzdump.conf grammar', () => {
    for (const needed of [
      'extension/dist/extension.js',
      'extension/readme.md',
      'extension/changelog.md',
      'extension/media/icon.png',
      'extension/media/proxmox-activity.svg',
      'extension/media/walkthrough/add-host.md',
      'extension/media/walkthrough/example-runbook.md',
      'extension/media/vzdump-conf.tmLanguage.json',
    ]) {
      assert.ok(entries.includes(needed), `${needed} is missing from the VSIX`);
    }
  });

  it('ships a production bundle (minified, no source map reference)', () => {
    const bundle = readZipEntry(vsix, 'extension/dist/extension.js').toString('utf8');
    assert.doesNotMatch(bundle, /sourceMappingURL/);
    const averageLineLength = bundle.length / bundle.split('\n').length;
    assert.ok(
      averageLineLength > 1000,
      `extension.js does not look minified (${Math.round(averageLineLength)} characters a line)`,
    );
  });

  it('declares the activation events and the entry point the bundle needs', () => {
    const manifest = JSON.parse(readZipEntry(vsix, 'extension/package.json').toString('utf8')) as {
      main: string;
      activationEvents: string[];
    };
    assert.equal(manifest.main, './dist/extension.js');
    assert.deepEqual(manifest.activationEvents, [
      'onView:pve.explorer',
      'onLanguage:markdown',
      'onLanguage:pve-vzdump-conf',
      'onFileSystem:pve-file',
      'onWebviewPanel:pve.backupMonitor',
      'onWebviewPanel:pve.zfsHealth',
      'onWebviewPanel:pve.healthCheck',
      'onStartupFinished',
    ]);
  });
});
