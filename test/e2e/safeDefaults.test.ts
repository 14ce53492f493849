import * as assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import { labHostSettings, trustLabKeyInProfile } from '../../scripts/host/labProfile';
import { labSsh, resetLab } from '../lab/runtime/labClient';
import { lensAbove, openWorkbench, runFromPalette, type Workbench } from './workbench';

/** Everything on the host that one of the confirmed actions would change. */
const HOST_SNAPSHOT = [
  'pct list',
  "grep -H '^lock' /etc/pve/lxc/*.conf",
  "zpool status rpool | grep -E 'errors|CKSUM|part'",
  'md5sum /etc/vzdump.conf',
  'ls /root/keep-me /var/run/vzdump.lock',
  'find /var/log/pve/tasks -type f | sort',
  "ps -eo pid=,args= | grep -E 'vzdump|rsync' | grep -v grep | awk '{print $1}' | sort",
].join('; ');

const RUNBOOK = [
  '---',
  'pve-host: pve2',
  '---',
  '',
  '# Tidy up',
  '',
  '```bash { name=remove-marker }',
  'rm -f /root/keep-me',
  '```',
  '',
].join('\n');

// With auto-save on, as in VS Code for the Web: nothing reaches the host unless the user meant
// it, and Enter on every confirmation is the safe answer.
describe('Safe by default in the browser, with files.autoSave on', function () {
  this.timeout(300_000);
  let workbench: Workbench;
  let original: string;

  const snapshot = async () => (await labSsh(HOST_SNAPSHOT)).stdout;
  const row = (name: RegExp) => workbench.page.getByRole('treeitem', { name }).first();
  const dialog = () => workbench.page.locator('.monaco-dialog-box');

  /** Waits for the modal, checks that its focused button is the safe one, and presses Enter. */
  async function pressEnterOn(question: string | RegExp, safe: string, shot: string): Promise<void> {
    const { page } = workbench;
    await dialog().filter({ hasText: question }).waitFor({ timeout: 30_000 });
    const focused = await dialog().locator(':focus').textContent();
    await workbench.shot(`dialog-${shot}`);
    await page.keyboard.press('Enter');
    await dialog().waitFor({ state: 'detached', timeout: 10_000 });
    assert.equal(focused?.trim(), safe, 'the focused button of the dialog');
  }

  async function fromContextMenu(target: Locator, item: string): Promise<void> {
    await target.click({ button: 'right' });
    // Hover, then Enter: a click that lands while the menu is still laid out only highlights the item.
    const entry = workbench.page.locator('.context-view .action-label', { hasText: new RegExp(`^${item}$`) }).first();
    await entry.hover({ timeout: 10_000 });
    await workbench.page.keyboard.press('Enter');
    await workbench.page.locator('.context-view .monaco-menu').waitFor({ state: 'detached', timeout: 10_000 });
  }

  before(async () => {
    const lab = await resetLab('seed', 'stuck-lock');
    await labSsh('echo precious > /root/keep-me');
    workbench = await openWorkbench({
      settings: { ...labHostSettings(lab), 'files.autoSave': 'afterDelay', 'files.autoSaveDelay': 500 },
      beforeStart: (dir) => trustLabKeyInProfile(dir, lab),
      openFile: { name: 'tidy-up.md', content: RUNBOOK },
    });
    await workbench.page.locator('.activitybar [aria-label="Proxmox"]').first().waitFor({ timeout: 60_000 });
    original = await snapshot();
  });

  after(async () => {
    await workbench?.close();
    await resetLab('seed');
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed') return;
    await workbench?.shot(`failed-${this.currentTest.title.replace(/\W+/g, '-')}`);
    // A dialog or menu left open by the failure would fail the next tests too.
    for (let i = 0; i < 2; i++) await workbench?.page.keyboard.press('Escape');
  });

  it('holds back the auto-save of vzdump.conf while it has an error, without a dialog, and says so in the status bar', async () => {
    const { page } = workbench;
    await runFromPalette(page, 'Proxmox: Edit vzdump.conf');
    await page.locator('.tab', { hasText: 'vzdump.conf' }).first().waitFor({ timeout: 60_000 });
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+End');
    // The incident's typo, then the Enter that used to press "Save Anyway".
    await page.keyboard.press('Enter');
    await page.keyboard.type('tmpdri: /x', { delay: 30 });
    await page.keyboard.press('Escape');
    await page.keyboard.press('Enter');
    const held = page.locator('.statusbar-item', { hasText: 'Not saved: 1 error' });
    await held.waitFor({ timeout: 30_000 });
    // Several auto-save delays pass: nothing is asked and nothing is written.
    await page.waitForTimeout(2500);
    assert.equal(await dialog().count(), 0);
    assert.equal(await page.locator('.tab.dirty', { hasText: 'vzdump.conf' }).count(), 1, 'the editor keeps the edit');
    assert.equal(await snapshot(), original);
    await workbench.shot('status-bar-not-saved');
  });

  it('asks on Ctrl+S with the error, and Enter keeps the host file as it was', async () => {
    const { page } = workbench;
    await page.keyboard.press('Control+s');
    await pressEnterOn('has 1 error. Save anyway?', "Don't Save", 'save-with-errors');
    assert.equal(await snapshot(), original);
    await runFromPalette(page, 'View: Revert and Close Editor');
    await page.locator('.tab', { hasText: 'vzdump.conf' }).waitFor({ state: 'detached', timeout: 30_000 });
  });

  it('does not run a destructive runbook block on Enter', async () => {
    const { page } = workbench;
    await page.locator('.tab', { hasText: 'tidy-up.md' }).first().click();
    const fence = page.locator('.view-line', { hasText: 'name=remove-marker' });
    await fence.waitFor({ timeout: 30_000 });
    await (await lensAbove(page, fence, '▶ Run on pve2')).click();
    await pressEnterOn('Run "remove-marker" on pve2?', "Don't Run", 'runbook-block');
    assert.equal(await snapshot(), original);
  });

  it('does not stop, reboot, unlock or clear errors on Enter', async () => {
    const { page } = workbench;
    await page.locator('.activitybar [aria-label="Proxmox"]').first().click();
    await row(/^pve2 /).click();
    await row(/^Containers /).click();
    // A running container without a lock (1031 is held by the stuck backup).
    const running = /^\s*(\d+)\s+running\s+(\S+)\s*$/m.exec((await labSsh('pct list')).stdout);
    assert.ok(running, 'the seed has a running container without a lock');
    const [, vmid = '', name = ''] = running;
    const guest = row(new RegExp(`^${vmid} ${name} running`));
    await fromContextMenu(guest, 'Stop \\(Power Off\\)');
    await pressEnterOn(`Stop ${vmid}`, 'Keep Running', 'stop');
    await fromContextMenu(guest, 'Reboot');
    await pressEnterOn(`Reboot ${vmid}`, 'Keep Running', 'reboot');

    await fromContextMenu(row(/^1031 docker/), 'Unlock');
    await pressEnterOn('Unlock 1031 docker?', 'Keep Locked', 'unlock');

    await row(/^ZFS Pools/).click();
    await fromContextMenu(row(/^rpool /), 'Clear Errors');
    await pressEnterOn('Clear the errors of rpool on pve2?', 'Keep Errors', 'clear-errors');
    assert.equal(await snapshot(), original);
  });

  it('does not end the stuck backup on Enter', async () => {
    await runFromPalette(workbench.page, 'Proxmox: Clean Up Stuck Backup…', 'Clean Up Stuck Backup');
    await pressEnterOn('End the stuck backup of 1031 on pve2?', 'Keep Running', 'cleanup');
    assert.equal(await snapshot(), original);
  });

  it('keeps the host on Enter at Remove Host', async () => {
    await fromContextMenu(row(/^pve2 /), 'Remove Host');
    await pressEnterOn('Remove pve2 from Proxmox Ops?', 'Keep Host', 'remove-host');
    await row(/^pve2 /).waitFor({ timeout: 10_000 });
  });

  it('does not connect to a host with an unknown key on Enter', async () => {
    const { page } = workbench;
    // Forgetting the key also disconnects.
    await fromContextMenu(row(/^pve2 /), 'Forget Host Key');
    await row(/^pve2 (?!connected)/).waitFor({ timeout: 30_000 });
    // The open tree may reconnect by itself, which asks at once; otherwise connect from the menu.
    const asked = await dialog()
      .filter({ hasText: "can't be established" })
      .waitFor({ timeout: 5_000 })
      .then(
        () => true,
        () => false,
      );
    if (!asked) await fromContextMenu(row(/^pve2 /), 'Connect');
    await pressEnterOn("can't be established", "Don't Connect", 'unknown-host-key');
    await page.waitForTimeout(500);
    assert.doesNotMatch((await row(/^pve2 /).getAttribute('aria-label')) ?? '', /^pve2 connected/);
    assert.equal(await snapshot(), original);
  });
});
