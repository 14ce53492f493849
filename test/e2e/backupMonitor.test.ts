import * as assert from 'node:assert/strict';
import { labHostSettings, trustLabKeyInProfile } from '../../scripts/host/labProfile';
import { labSsh, resetLab } from '../lab/runtime/labClient';
import { letWorkbenchSaveItsState, openWorkbench, runFromPalette, type Workbench } from './workbench';

/** Opens the monitor of a running backup the way a user does: palette, Show Running Backups, pick it. */
async function openRunningBackup(page: Workbench['page'], task: string): Promise<void> {
  await runFromPalette(page, 'Proxmox: Show Running Backups');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: task }).first().click({ timeout: 30_000 });
}

// A backup watched in the monitor panel of a real VS Code, from start to end.
describe('Watching a backup in the browser', function () {
  this.timeout(240_000);
  let workbench: Workbench;
  const hostile = '<img src=x onerror=alert(1)>';

  before(async () => {
    const lab = await resetLab('seed');
    // Remote text must show as text: the container's name appears in the task log ("CT Name: ...").
    await labSsh('pve-lab slow 60');
    await labSsh(`sed -i 's/^hostname: .*/hostname: ${hostile}/' /etc/pve/lxc/1031.conf`);
    // The runbook's policy: CT 1031 (the live media stack) is backed up in stop mode.
    workbench = await openWorkbench({
      settings: { ...labHostSettings(lab), 'pve.backup.modeByGuest': { '1031': 'stop' } },
      beforeStart: (dir) => trustLabKeyInProfile(dir, lab),
    });
  });

  after(async () => {
    await workbench?.close();
    await resetLab('seed');
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed')
      await workbench?.shot(`failed-${this.currentTest.title.replace(/\W+/g, '-')}`);
  });

  it('opens a running backup from "Show Running Backups" and follows it to the end', async () => {
    const { page } = workbench;
    await page.locator('.activitybar [aria-label="Proxmox"]').first().waitFor({ timeout: 60_000 });
    // The lab is slowed down: the backup takes about twenty seconds, time to pick it and watch it.
    const started = await labSsh(
      'pvesh create /nodes/pve2/vzdump --vmid 1031 --mode stop --storage local --compress zstd',
    );
    assert.match(started.stdout, /UPID:/);

    await openRunningBackup(page, 'vzdump 1031');

    const view = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await view.locator('.phase-active').first().waitFor({ timeout: 60_000 });
    await workbench.shot('backup-monitor-running');

    await view.locator('.status-ok').waitFor({ timeout: 180_000 });
    await view.locator('.archive').waitFor({ timeout: 30_000 });
    assert.match(
      (await view.locator('.archive').textContent()) ?? '',
      /vzdump-lxc-1031-.*\.tar\.zst \(.*listed on the storage\)/,
    );
    assert.equal(await view.locator('.phase-done').count(), 6);
    assert.equal(await view.locator('.phase-skipped').count(), 1);
    // The hostile name is in the log as text, and no <img> was created from it.
    await view.locator('.log-line', { hasText: hostile }).first().waitFor({ timeout: 10_000 });
    assert.equal(await view.locator('.title').textContent(), `1031 · ${hostile} (container)`);
    assert.equal(await view.locator('img').count(), 0);
    await workbench.shot('backup-monitor-finished');

    // After a window reload the panel comes back and reattaches to the same task.
    await letWorkbenchSaveItsState(page);
    await page.reload();
    await page.locator('.activitybar [aria-label="Proxmox"]').first().waitFor({ timeout: 60_000 });
    await view.locator('.status-ok').waitFor({ timeout: 60_000 });
    assert.match((await view.locator('.archive').textContent()) ?? '', /vzdump-lxc-1031-/);
  });

  it('shows why a suspend backup to the NFS share failed, and its tmpdir button opens vzdump.conf', async () => {
    const { page } = workbench;
    await resetLab('seed', 'nfs-acl');
    await labSsh('pve-lab slow 60');
    await labSsh('pvesh create /nodes/pve2/vzdump --vmid 1031 --mode suspend --storage truenas-bu --compress zstd');
    await openRunningBackup(page, 'vzdump 1031');

    const view = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await view.locator('.status-failed').waitFor({ timeout: 180_000 });
    await view.locator('.problem', { hasText: 'rsync or tar could not set owners' }).waitFor({ timeout: 10_000 });
    assert.ok((await view.locator('.log-line.error').count()) > 0, 'the error lines are highlighted');
    await workbench.shot('backup-monitor-failed');

    await view.locator('vscode-button[data-action="fixTmpdir"]').click();
    await page.locator('.tab', { hasText: 'vzdump.conf' }).first().waitFor({ timeout: 30_000 });
    // The quick fix menu opens on the tmpdir line; leave it and the file unchanged for the next test.
    await page.locator('.action-widget', { hasText: 'tmpdir' }).first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('Escape');
    await runFromPalette(page, 'View: Revert and Close Editor');
    await page.locator('.tab', { hasText: 'vzdump.conf' }).waitFor({ state: 'detached', timeout: 30_000 });
  });

  it('starts a backup with Back Up Now…: the policy mode first, a warning before a snapshot, then the monitor', async () => {
    const { page } = workbench;
    await resetLab('seed');
    const quickPick = (text: string) => page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
    const backUpNow = async () => {
      await page.keyboard.press('F1');
      await page.keyboard.type('Proxmox: Back Up Now');
      await quickPick('Back Up Now').waitFor({ timeout: 30_000 });
      await page.keyboard.press('Enter');
      await quickPick('1031').click({ timeout: 30_000 });
      await quickPick('local').click({ timeout: 30_000 });
      // The mode list starts with the policy's choice, explained.
      await quickPick('stop').waitFor({ timeout: 30_000 });
      assert.match(
        (await page.locator('.quick-input-list .monaco-list-row').first().textContent()) ?? '',
        /^stoppolicy for VMID 1031/,
      );
    };

    await backUpNow();
    await quickPick('snapshot').click();
    await page.locator('.monaco-dialog-box', { hasText: 'Snapshot 1031' }).waitFor({ timeout: 10_000 });
    await workbench.shot('back-up-now-snapshot-warning');
    await page.keyboard.press('Escape');
    await page.locator('.monaco-dialog-box').waitFor({ state: 'detached', timeout: 10_000 });

    await backUpNow();
    await quickPick('stop').click(); // the policy's mode, first in the list
    await quickPick('zstd').click({ timeout: 30_000 });
    await page
      .locator('.quick-input-title', { hasText: 'vzdump 1031 --storage local --mode stop --compress zstd' })
      .waitFor({ timeout: 10_000 });
    await quickPick('Start backup').click();

    const view = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await view.locator('.status-ok').waitFor({ timeout: 120_000 });
    assert.match((await view.locator('.command').textContent()) ?? '', /^vzdump 1031 .*--mode stop/);
    const tasks = (await labSsh('ls /var/lib/vz/dump | grep -c "^vzdump-lxc-1031-.*\\.tar\\.zst$"')).stdout.trim();
    assert.equal(tasks, '1', 'exactly one backup ran: the cancelled snapshot started nothing');
  });
});
