import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PveOpsApi } from '../../src/extension';
import type { RunRecord } from '../../src/features/runbooks/runbookRunner';
import { Commands, Settings } from '../../src/ids';
import { labSsh } from '../lab/runtime/labClient';
import { waitUntil } from '../support/waitUntil';
import { configureLabHost, extensionApi, labInfo, trustLabHostKey } from './support/lab';

// Runbook blocks run on the lab through the real extension host.

const marker = `600.${process.pid}${Date.now() % 100000}`;
const RUNBOOK = `---
pve-host: pve2
---
# Checks

\`\`\`bash { name=hello }
echo "hello from $(hostname)"
\`\`\`

\`\`\`bash { name=ticks }
for i in 1 2 3; do echo "tick $i"; sleep 0.4; done
\`\`\`

\`\`\`sh
sleep ${marker}
\`\`\`

\`\`\`bash
rm -f /root/pve-ops-runbook-test
\`\`\`

\`\`\`bash
pvesh get /nodes/pve2/tasks/<UPID>/status --output-format json
\`\`\`

\`\`\`bash { name=token-check }
echo "token is \${API_TOKEN}"
\`\`\`

# Stops at a failure

\`\`\`bash { name=first }
echo first > /root/pve-ops-section-test
\`\`\`

\`\`\`bash { name=fails }
exit 3
\`\`\`

\`\`\`bash { name=never }
echo third >> /root/pve-ops-section-test
\`\`\`
`;

describe('Runbooks in the real VS Code host, against the lab', function () {
  this.timeout(120_000);
  let api: PveOpsApi;
  let document: vscode.TextDocument;
  let confirmAnswer = true;

  function blocks() {
    return api.runbooks.documents.parse(document).blocks;
  }
  async function run(index: number): Promise<RunRecord | undefined> {
    const block = blocks()[index];
    assert.ok(block, `no block ${index}`);
    return vscode.commands.executeCommand<RunRecord | undefined>(Commands.runRunbookBlock, {
      uri: document.uri.toString(),
      blockId: block.id,
    });
  }

  before(async () => {
    api = await extensionApi();
    const lab = labInfo();
    await configureLabHost(lab);
    await trustLabHostKey(api, lab);
    api.dialogs.confirm = () => Promise.resolve(confirmAnswer);
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(folder, 'the tests need a workspace folder');
    const file = path.join(folder, 'pve2-checks.md');
    fs.writeFileSync(file, RUNBOOK);
    document = await vscode.workspace.openTextDocument(file);
  });

  after(async () => {
    api?.sessions.disconnect('pve2');
    await vscode.workspace.getConfiguration().update(Settings.hosts, [], vscode.ConfigurationTarget.Global);
  });

  it('offers Run, Run in Terminal and Copy on every block, and runs a block on the host', async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      document.uri,
    );
    const titles = lenses.map((lens) => lens.command?.title);
    assert.equal(titles.filter((t) => t === '▶ Run on pve2').length, 9);
    assert.equal(titles.filter((t) => t === 'Run in Terminal').length, 9);
    assert.ok(titles.includes('▶ Run section (6 blocks)'));
    assert.ok(titles.includes('▶ Run section (3 blocks)'));
    const record = await run(0);
    assert.equal(record?.exitCode, 0);
    assert.match(record?.outputTail ?? '', /hello from pve2/);
    const after = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      document.uri,
    );
    assert.ok(
      after.some((lens) => /^✓ exit 0 · \d+\.\d s$/.test(lens.command?.title ?? '')),
      'no ✓ lens after the run',
    );
  });

  it('streams output while the block runs', async () => {
    const seen: string[] = [];
    let finished = false;
    const listener = api.runbooks.output.onDidWrite(({ text }) => {
      if (!finished && /tick \d/.test(text)) seen.push(text.trim());
    });
    const record = await run(1);
    finished = true;
    listener.dispose();
    assert.equal(record?.exitCode, 0);
    assert.ok(seen.length >= 2, `output arrived in ${seen.length} piece(s): ${JSON.stringify(seen)}`);
  });

  it('stops a sleep 600 and leaves no process on the host', async () => {
    const block = blocks()[2];
    assert.ok(block);
    const ref = { uri: document.uri.toString(), blockId: block.id };
    const running = vscode.commands.executeCommand<RunRecord>(Commands.runRunbookBlock, ref);
    await waitUntil(
      'the sleep to start on the host',
      async () => (await labSsh(`pgrep -f 'sleep ${marker}'`)).stdout.trim() !== '',
      { timeoutMs: 60_000, intervalMs: 50 },
    );
    await vscode.commands.executeCommand(Commands.stopRunbookBlock, ref);
    const record = await running;
    assert.equal(record.cancelled, true);
    assert.equal((await labSsh(`pgrep -f 'sleep ${marker}'`)).stdout, '');
  });

  it('refuses a destructive block until it is confirmed', async () => {
    await labSsh('touch /root/pve-ops-runbook-test');
    confirmAnswer = false;
    assert.equal(await run(3), undefined);
    assert.equal(
      (await labSsh('test -e /root/pve-ops-runbook-test')).code,
      0,
      'the file was removed without confirmation',
    );
    confirmAnswer = true;
    assert.equal((await run(3))?.exitCode, 0);
    assert.equal((await labSsh('test -e /root/pve-ops-runbook-test')).code, 1);
  });

  it('fills <UPID> with a task offered from the host', async () => {
    const offered: string[] = [];
    api.runbooks.prompts.askValue = (placeholder, suggestions) => {
      assert.equal(placeholder.name, 'UPID');
      offered.push(...suggestions.map((s) => s.value));
      return Promise.resolve(suggestions[0]?.value);
    };
    const record = await run(4);
    assert.ok(
      offered.length > 0 && offered.every((upid) => upid.startsWith('UPID:pve2:')),
      `offered: ${offered.join(', ')}`,
    );
    assert.equal(record?.exitCode, 0);
    assert.match(record?.outputTail ?? '', /"status":"(stopped|running)"/);
    assert.ok(record?.outputTail.includes(offered[0] ?? '?'));
  });

  it('asks for a secret hidden and keeps it out of the stored history', async () => {
    const secret = 'pve-ops-secret-7d41c9';
    api.runbooks.prompts.askValue = (placeholder) => {
      assert.equal(placeholder.secret, true);
      return Promise.resolve(secret);
    };
    const record = await run(5);
    assert.equal(record?.exitCode, 0);
    assert.ok(record?.outputTail.includes(`token is ${secret}`), 'the block did not get the value');
    const stored = api.runbooks.history.entries().find((e) => e.block === 'token-check');
    assert.ok(stored, 'the run is not in the history');
    assert.ok(!stored.outputTail.includes(secret), `the secret was stored: ${stored.outputTail}`);
  });

  it('runs a section in order and stops at the first failure', async () => {
    const headingLine = document.getText().split('\n').indexOf('# Stops at a failure');
    const records = await vscode.commands.executeCommand<RunRecord[]>(Commands.runRunbookSection, {
      uri: document.uri.toString(),
      headingLine,
    });
    assert.deepEqual(
      records.map((r) => r.exitCode),
      [0, 3],
    );
    assert.equal((await labSsh('cat /root/pve-ops-section-test; rm -f /root/pve-ops-section-test')).stdout, 'first\n');
  });

  it('computes lenses once per document version', async () => {
    const before = api.runbooks.documents.parseCount;
    await vscode.commands.executeCommand('vscode.executeCodeLensProvider', document.uri);
    await vscode.commands.executeCommand('vscode.executeCodeLensProvider', document.uri);
    assert.ok(api.runbooks.documents.parseCount - before <= 0, 'an unchanged document was parsed again');
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(4, 0), 'Some prose.\n');
    await vscode.workspace.applyEdit(edit);
    await vscode.commands.executeCommand('vscode.executeCodeLensProvider', document.uri);
    assert.equal(api.runbooks.documents.parseCount - before, 1);
  });

  it('keeps every run in the history', () => {
    const entries = api.runbooks.history.entries();
    assert.ok(entries.some((e) => e.block === 'hello' && e.exitCode === 0 && e.host === 'pve2'));
    assert.ok(entries.some((e) => e.cancelled));
  });
});
