import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PveOpsApi } from '../../src/extension';
import { Commands } from '../../src/ids';
import { killLabSshConnections, labSsh } from '../lab/runtime/labClient';
import { configureLabHost, extensionApi, resetLab, trustLabHostKey } from './support/lab';
import { waitUntil } from '../support/waitUntil';

// /etc/vzdump.conf on the lab, edited in the real VS Code host: the pve2 fix done from the editor.

const CONF = '/etc/vzdump.conf';
const uri = vscode.Uri.parse(`pve-file://pve2${CONF}`);

async function backupCount(): Promise<number> {
  return Number((await onHost(`ls -1 /etc | grep -c '^vzdump.conf.pve-ops-.*\\.bak$' || true`)).trim());
}

async function onHost(command: string): Promise<string> {
  const result = await labSsh(command);
  assert.equal(result.code, 0, `${command}: ${result.stderr}`);
  return result.stdout;
}

describe('Editing vzdump.conf on the lab in the real VS Code host', function () {
  this.timeout(180_000);
  let api: PveOpsApi;
  let confirmAnswer = false;

  before(async () => {
    api = await extensionApi();
    // The seed's week: no tmpdir, and the NFS share refuses chown, so suspend backups fail.
    const lab = await resetLab('seed', 'nfs-acl');
    await configureLabHost(lab);
    await trustLabHostKey(api, lab);
    api.dialogs.confirm = () => Promise.resolve(confirmAnswer);
    await onHost(
      `printf 'bwlimt: 1000\\n' >> ${CONF} && rm -rf /var/lib/vz/vzdump-tmp /etc/vzdump.conf.pve-ops-* /etc/.vzdump.conf.pve-ops-*`,
    );
  });

  after(async () => {
    api.remoteFiles.beforeReplace = undefined;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    api?.sessions.disconnect('pve2');
    await vscode.workspace.getConfiguration().update('pve.hosts', [], vscode.ConfigurationTarget.Global);
  });

  it('opens the file from the host and shows its problems, the missing tmpdir among them', async () => {
    await vscode.commands.executeCommand(Commands.editVzdumpConf, { kind: 'node', hostName: 'pve2' });
    const editor = await waitUntil('the editor', () =>
      vscode.window.activeTextEditor?.document.uri.toString() === uri.toString()
        ? vscode.window.activeTextEditor
        : undefined,
    );
    assert.equal(editor.document.languageId, 'pve-vzdump-conf');
    assert.match(editor.document.getText(), /^#tmpdir: DIR$/m);
    const problems = await waitUntil('the host check', () => {
      const found = vscode.languages.getDiagnostics(uri);
      return found.some((d) => /No tmpdir is set/.test(d.message)) ? found : undefined;
    });
    const typo = problems.find((d) => d.range.start.line === editor.document.lineCount - 2);
    assert.equal(typo?.severity, vscode.DiagnosticSeverity.Error);
    assert.match(typo?.message ?? '', /bwlimit/);
    assert.match(problems.find((d) => /No tmpdir/.test(d.message))?.message ?? '', /truenas-bu/);
  });

  it('refuses to save a file with errors unless the user insists', async () => {
    const document = await vscode.workspace.openTextDocument(uri);
    const before = await onHost(`cat ${CONF}`);
    await vscode.window.activeTextEditor?.edit((edit) =>
      edit.insert(new vscode.Position(0, 0), '# edited in VS Code\n'),
    );
    confirmAnswer = false;
    assert.equal(await document.save(), false);
    assert.equal(await onHost(`cat ${CONF}`), before);
  });

  it('applies the quick fixes, saves, keeps a backup, and Proxmox reads what was meant', async () => {
    const document = await vscode.workspace.openTextDocument(uri);
    const before = await onHost(`cat ${CONF}`);
    for (const title of [/bwlimit/, /tmpdir/]) {
      const diagnostics = vscode.languages.getDiagnostics(uri);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        uri,
        new vscode.Range(0, 0, document.lineCount, 0),
        vscode.CodeActionKind.QuickFix.value,
      );
      const action = actions.find((a) => title.test(a.title));
      assert.ok(
        action?.edit,
        `no quick fix matching ${String(title)} among: ${actions.map((a) => a.title).join(', ')} for ${diagnostics.length} diagnostics (${diagnostics.map((d) => d.message).join(' | ')})`,
      );
      assert.ok(await vscode.workspace.applyEdit(action.edit));
      if (action.command)
        await vscode.commands.executeCommand(
          action.command.command,
          ...((action.command.arguments ?? []) as unknown[]),
        );
    }
    assert.match(document.getText(), /^tmpdir: \/var\/lib\/vz\/vzdump-tmp$/m);
    assert.match(document.getText(), /^bwlimit: 1000$/m);
    assert.equal(await onHost('stat -c "%U %a %F" /var/lib/vz/vzdump-tmp'), 'root 755 directory\n');

    assert.equal(await document.save(), true);
    assert.equal(await onHost(`cat ${CONF}`), document.getText());
    const backups = (await onHost(`ls -1 /etc | grep '^vzdump.conf.pve-ops-.*\\.bak$' || true`))
      .trim()
      .split('\n')
      .filter(Boolean);
    assert.equal(backups.length, 1, backups.join(', '));
    assert.equal(await onHost(`cat /etc/${backups[0] ?? ''}`), before);
    const check = await waitUntil('the defaults check', () =>
      api.vzdumpConf.save.lastCheck?.uri === uri.toString() ? api.vzdumpConf.save.lastCheck : undefined,
    );
    assert.deepEqual(check.mismatches, []);
  });

  it('writes nothing, and keeps no backup, when Ctrl+S saves what the host already has', async () => {
    const backupsBefore = await backupCount();
    const mtime = await onHost(`stat -c %Y.%y ${CONF}`);
    await vscode.window.showTextDocument(uri);
    // Ctrl+S on a clean editor is a forced save: VS Code writes the file again.
    await vscode.commands.executeCommand('workbench.action.files.save');
    assert.equal(await backupCount(), backupsBefore);
    assert.equal(await onHost(`stat -c %Y.%y ${CONF}`), mtime);
  });

  it('auto-saves a valid edit, and never writes or asks while the file has errors', async () => {
    const files = vscode.workspace.getConfiguration('files');
    await files.update('autoSave', 'afterDelay', vscode.ConfigurationTarget.Global);
    await files.update('autoSaveDelay', 300, vscode.ConfigurationTarget.Global);
    let asked = 0;
    api.dialogs.confirm = () => (asked++, Promise.resolve(true)); // a dialog would write the error at once
    try {
      const editor = await vscode.window.showTextDocument(uri);
      const onHostBefore = await onHost(`cat ${CONF}`);
      const backupsBefore = await backupCount();
      const saves: string[] = [];
      const listener = vscode.workspace.onDidSaveTextDocument((d) => saves.push(d.getText()));
      try {
        await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), 'tmpdri: /x\n'));
        await waitUntil('the error', () =>
          vscode.languages
            .getDiagnostics(uri)
            .find((d) => d.severity === vscode.DiagnosticSeverity.Error && d.range.start.line === 0),
        );
        // Several auto-save delays pass; nothing may reach the host.
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        assert.deepEqual(saves, []);
        assert.equal(asked, 0);
        assert.ok(editor.document.isDirty);
        assert.equal(await onHost(`cat ${CONF}`), onHostBefore);

        // Fixed, the edit auto-saves by itself: one backup for the one change that reached the host.
        await editor.edit((edit) =>
          edit.replace(new vscode.Range(0, 0, 1, 0), '# comment added while auto-save is on\n'),
        );
        await waitUntil('the auto-save', () => saves.length > 0);
        assert.equal(await onHost(`cat ${CONF}`), editor.document.getText());
        assert.equal(await backupCount(), backupsBefore + 1);
        assert.equal(asked, 0);
      } finally {
        listener.dispose();
      }
    } finally {
      api.dialogs.confirm = () => Promise.resolve(confirmAnswer);
      await files.update('autoSave', undefined, vscode.ConfigurationTarget.Global);
      await files.update('autoSaveDelay', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('and the lab vzdump now keeps its temporary copy in the new local tmpdir', async () => {
    const out = await onHost('vzdump 1031 --storage truenas-bu --mode suspend --compress zstd 2>&1');
    assert.match(
      out,
      /starting first sync \/var\/lib\/lxc\/1031\/rootfs\/ to \/var\/lib\/vz\/vzdump-tmp\/vzdumptmp\d+_1031\//,
    );
    assert.match(out, /Backup job finished successfully/);
  });

  it('does not overwrite a change made on the host after the file was opened', async () => {
    const document = await vscode.workspace.openTextDocument(uri);
    // Same size and the same mtime: only the content tells the two versions apart.
    await onHost(
      `t=$(stat -c %Y ${CONF}) && sed -i 's/^bwlimit: 1000$/bwlimit: 2000/' ${CONF} && touch -d @$t ${CONF}`,
    );
    const theirs = await onHost(`cat ${CONF}`);
    await vscode.window.activeTextEditor?.edit((edit) => edit.insert(new vscode.Position(0, 0), '# mine\n'));
    assert.equal(await document.save(), false);
    assert.equal(await onHost(`cat ${CONF}`), theirs);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('leaves the old file intact when the connection is cut in the middle of a save', async () => {
    const document = await waitUntil('the reverted document', async () => {
      const doc = await vscode.workspace.openTextDocument(uri);
      return doc.isDirty ? undefined : doc;
    });
    const before = await onHost(`cat ${CONF}`);
    let cut = 0;
    api.remoteFiles.beforeReplace = () => {
      // The new content is in the temporary file; the rename has not happened yet.
      cut = killLabSshConnections();
      return new Promise((r) => setTimeout(r, 300));
    };
    await vscode.window.activeTextEditor?.edit((edit) =>
      edit.insert(new vscode.Position(0, 0), '# lost with the connection\n'),
    );
    assert.equal(await document.save(), false);
    api.remoteFiles.beforeReplace = undefined;
    assert.ok(cut > 0, 'no connection was cut');
    assert.equal(await onHost(`cat ${CONF}`), before);

    // The next save goes through and clears the temporary file the cut left behind.
    assert.equal(await document.save(), true);
    assert.equal(await onHost(`cat ${CONF}`), document.getText());
    assert.equal(await onHost(`ls -A /etc | grep -c '^\\.vzdump\\.conf\\.pve-ops-' || true`), '0\n');
  });
});
