import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ESLint } from 'eslint';

// The architecture of docs/ARCHITECTURE.md is enforced by lint; this checks that each rule really fires.
// The table below restates issue 18's layer table on its own, so that a slip in eslint.config.mjs shows here.

const root = path.resolve(__dirname, '..', '..');

// The type-aware rules need files that exist in the project; only the import rule matters here.
const eslint = new ESLint({
  cwd: root,
  overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } },
  ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
});

async function restrictedImports(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

function importOf(source: string): string {
  return `import * as m from '${source}';\nexport const v = m;\n`;
}

/** Something of ours in each place a rule names, as a file path without extension. */
const targets = {
  shared: 'src/shared/format',
  domain: 'src/domain/errors',
  protocol: 'src/protocol/healthCheck',
  remote: 'src/remote/connectionPool',
  pve: 'src/pve/hostModel',
  platform: 'src/platform/logger',
  ids: 'src/ids',
  extension: 'src/extension',
  hosts: 'src/features/hosts/hostSessions',
  explorer: 'src/features/explorer/treeItems',
  zfsHealth: 'src/features/zfsHealth/registerZfsHealth',
  webviewShared: 'webview-ui/shared/dom',
  webviewPanel: 'webview-ui/zfsHealth/main',
} as const;
type Target = keyof typeof targets;

/** Issue 18's table: which of `targets` each file may import (its own layer included). */
const table: { file: string; may: Target[] }[] = [
  { file: 'src/shared/x.ts', may: ['shared'] },
  { file: 'src/domain/zfs/x.ts', may: ['domain', 'shared'] },
  { file: 'src/protocol/x.ts', may: ['protocol', 'shared'] },
  { file: 'src/remote/x.ts', may: ['remote', 'domain', 'shared'] },
  { file: 'src/pve/zfs/x.ts', may: ['pve', 'remote', 'domain', 'protocol', 'shared'] },
  { file: 'src/platform/x.ts', may: ['platform', 'domain', 'shared', 'ids'] },
  {
    file: 'src/features/explorer/x.ts',
    may: ['pve', 'domain', 'protocol', 'platform', 'shared', 'ids', 'hosts', 'explorer'],
  },
  {
    file: 'src/features/explorer/deeper/x.ts',
    may: ['pve', 'domain', 'protocol', 'platform', 'shared', 'ids', 'hosts', 'explorer'],
  },
  {
    file: 'src/features/hosts/x.ts',
    may: ['pve', 'domain', 'protocol', 'platform', 'shared', 'ids', 'hosts', 'remote'],
  },
  { file: 'src/ids.ts', may: ['ids'] },
  { file: 'src/extension.ts', may: Object.keys(targets) as Target[] },
  { file: 'webview-ui/healthCheck/main.ts', may: ['protocol', 'shared', 'webviewShared'] },
  { file: 'webview-ui/shared/x.ts', may: ['protocol', 'shared', 'webviewShared'] },
];

/** The npm column: what each file may import by name, and what it may not. */
const packages: { file: string; may: string[]; mayNot: string[] }[] = [
  { file: 'src/shared/x.ts', may: [], mayNot: ['zod', 'node:crypto', 'vscode', 'ssh2'] },
  { file: 'src/domain/x.ts', may: ['zod', 'node:crypto'], mayNot: ['vscode', 'ssh2', 'node:fs', 'node:child_process'] },
  { file: 'src/protocol/x.ts', may: ['zod'], mayNot: ['vscode', 'ssh2', 'node:crypto', '@vscode-elements/elements'] },
  { file: 'src/remote/x.ts', may: ['ssh2', 'zod', 'node:fs/promises'], mayNot: ['vscode', 'playwright-core'] },
  { file: 'src/pve/x.ts', may: ['zod'], mayNot: ['vscode', 'ssh2', 'node:fs', 'node:child_process'] },
  { file: 'src/platform/x.ts', may: ['vscode', 'zod', 'node:crypto'], mayNot: ['ssh2', 'playwright-core'] },
  { file: 'src/features/explorer/x.ts', may: ['vscode', 'zod', 'node:path/posix'], mayNot: ['ssh2'] },
  { file: 'src/features/hosts/x.ts', may: ['vscode', 'zod'], mayNot: ['ssh2'] },
  { file: 'src/ids.ts', may: ['vscode', 'zod'], mayNot: ['ssh2', 'node:fs'] },
  { file: 'src/extension.ts', may: ['vscode', 'zod', 'node:path'], mayNot: ['ssh2'] },
  {
    file: 'webview-ui/healthCheck/main.ts',
    may: ['@vscode-elements/elements/dist/vscode-button/index.js', 'zod'],
    mayNot: ['vscode', 'ssh2', 'node:fs'],
  },
];

function relativeImport(fromFile: string, target: string): string {
  const relative = path.posix.relative(path.posix.dirname(fromFile), target);
  return relative.startsWith('.') ? relative : `./${relative}`;
}

describe('layering lint rule', function () {
  this.timeout(60_000);

  it('forbids vscode in domain, remote, protocol, webview-ui and the plain-node tests', async () => {
    for (const file of [
      'src/domain/x.ts',
      'src/remote/x.ts',
      'src/protocol/x.ts',
      'webview-ui/backup/x.ts',
      'test/unit/x.test.ts',
      'test/integration/ssh/x.test.ts',
    ]) {
      const messages = await restrictedImports(file, "import * as vscode from 'vscode';\nexport const v = vscode;\n");
      assert.equal(messages.length, 1, `${file} may import vscode`);
    }
  });

  it('forbids ssh2 outside src/remote', async () => {
    for (const file of ['src/domain/x.ts', 'src/features/x.ts', 'src/extension.ts', 'webview-ui/backup/x.ts']) {
      const messages = await restrictedImports(file, "import { Client } from 'ssh2';\nexport const c = Client;\n");
      assert.equal(messages.length, 1, `${file} may import ssh2`);
    }
  });

  it('allows ssh2 in src/remote and vscode in features', async () => {
    assert.deepEqual(
      await restrictedImports('src/remote/x.ts', "import { Client } from 'ssh2';\nexport const c = Client;\n"),
      [],
    );
    assert.deepEqual(
      await restrictedImports('src/features/x.ts', "import * as vscode from 'vscode';\nexport const v = vscode;\n"),
      [],
    );
  });

  for (const { file, may } of table) {
    it(`${file} imports of ours only ${may.length ? may.join(', ') : 'nothing'}, by relative path`, async () => {
      for (const [name, target] of Object.entries(targets)) {
        const source = relativeImport(file, target);
        const messages = await restrictedImports(file, importOf(source));
        if (may.includes(name as Target)) assert.deepEqual(messages, [], `${file} may import '${source}'`);
        else assert.equal(messages.length, 1, `${file} may not import '${source}', yet: ${JSON.stringify(messages)}`);
      }
    });
  }

  for (const { file, may, mayNot } of packages) {
    it(`${file} imports from npm only ${may.length ? may.join(', ') : 'nothing'}`, async () => {
      for (const name of may)
        assert.deepEqual(await restrictedImports(file, importOf(name)), [], `${file} may import '${name}'`);
      for (const name of mayNot)
        assert.equal((await restrictedImports(file, importOf(name))).length, 1, `${file} may not import '${name}'`);
    });
  }

  it('a feature does not reach another feature the long way round either', async () => {
    const file = 'src/features/zfsHealth/x.ts';
    assert.equal((await restrictedImports(file, importOf('../../features/explorer/treeItems'))).length, 1);
    assert.deepEqual(await restrictedImports(file, importOf('../../features/hosts/hostSessions')), []);
    assert.deepEqual(await restrictedImports(file, importOf('./zfsHealthPanel')), []);
  });

  it('type-only imports and re-exports count as imports', async () => {
    const file = 'src/domain/x.ts';
    assert.equal(
      (
        await restrictedImports(
          file,
          "import type { ConnectionPool } from '../remote/connectionPool';\nexport type P = ConnectionPool;\n",
        )
      ).length,
      1,
    );
    assert.equal((await restrictedImports(file, "export * from '../features/hosts/hostSessions';\n")).length, 1);
    assert.equal(
      (await restrictedImports(file, "import type * as vscode from 'vscode';\nexport type W = vscode.Uri;\n")).length,
      1,
    );
  });

  it('names the rule that was broken', async () => {
    const [message] = await restrictedImports('src/domain/x.ts', importOf('../remote/connectionPool'));
    assert.match(message ?? '', /src\/domain may import of ours only: src\/shared/);
    const [feature] = await restrictedImports('src/features/explorer/x.ts', importOf('../zfsHealth/registerZfsHealth'));
    assert.match(feature ?? '', /import only features\/hosts/);
  });
});
