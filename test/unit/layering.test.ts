import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ESLint } from 'eslint';

// The architecture of HOUSE-STYLE.md is enforced by lint; this checks that the rule really fires.

const root = path.resolve(__dirname, '..', '..');

async function restrictedImports(file: string, code: string): Promise<string[]> {
  // The type-aware rules need files that exist in the project; only the import rule matters here.
  const eslint = new ESLint({ cwd: root, overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } }, ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports' });
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering lint rule', function () {
  this.timeout(30_000);

  it('forbids vscode in domain, remote, protocol, webview-ui and unit tests', async () => {
    for (const file of ['src/domain/x.ts', 'src/remote/x.ts', 'src/protocol/x.ts', 'webview-ui/backup/x.ts', 'test/unit/x.test.ts']) {
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
    assert.deepEqual(await restrictedImports('src/remote/x.ts', "import { Client } from 'ssh2';\nexport const c = Client;\n"), []);
    assert.deepEqual(await restrictedImports('src/features/x.ts', "import * as vscode from 'vscode';\nexport const v = vscode;\n"), []);
  });
});
