import * as assert from 'node:assert/strict';
import type { FrameLocator, Page } from 'playwright-core';
import { demoSettings } from '../../scripts/host/demoProfile';
import { trustLabKeyInProfile } from '../../scripts/host/labProfile';
import { labSsh, resetLab } from '../lab/runtime/labClient';
import { letWorkbenchSaveItsState, openWorkbench, type Workbench } from './workbench';

/** The monitor's header facts as label → value. */
async function headerFacts(view: FrameLocator): Promise<Record<string, string>> {
  const terms = await view.locator('.facts dt').allTextContents();
  const values = await view.locator('.facts dd').allTextContents();
  return Object.fromEntries(terms.map((term, i) => [term, values[i] ?? '']));
}

async function backUpNow(page: Page, vmid: string, storage: string, mode: string): Promise<void> {
  const row = (text: string) => page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
  await page.keyboard.press('F1');
  await page.keyboard.type('Proxmox: Back Up Now');
  await row('Back Up Now').waitFor({ timeout: 30_000 });
  await page.keyboard.press('Enter');
  await row(vmid).click({ timeout: 30_000 });
  await row(storage).click({ timeout: 30_000 });
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: new RegExp(`^${mode}`) })
    .first()
    .click({ timeout: 30_000 });
  await row('zstd').click({ timeout: 30_000 });
  await row('Start backup').click({ timeout: 30_000 });
}

// The demo as a user opens it (the URL it prints), a backup that never gets the global lock, and
// a reload of the page.
describe('A backup that timed out on the global lock, in the demo workbench', function () {
  this.timeout(240_000);
  let workbench: Workbench;

  before(async () => {
    const lab = await resetLab('seed', 'stuck-lock');
    // vzdump waits `lockwait` minutes for the lock; the lab counts them in seconds.
    await labSsh("echo 'lockwait: 1' >> /etc/vzdump.conf && pve-lab lockwait-unit 2");
    workbench = await openWorkbench({
      settings: demoSettings(lab),
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

  const view = () => workbench.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  const expectedFacts = { Storage: 'local', Mode: 'stop', Compression: 'zstd' };

  it('shows the options it was started with and the lock as the reason', async () => {
    const { page } = workbench;
    await page.locator('.activitybar [aria-label="Proxmox"]').first().waitFor({ timeout: 60_000 });
    await backUpNow(page, '1031', 'local', 'stop');

    await view().locator('.status-failed').waitFor({ timeout: 120_000 });
    assert.equal(
      await view().locator('.status-failed').textContent(),
      'Failed: timed out waiting for the global backup lock (/var/run/vzdump.lock)',
    );
    assert.equal(await view().locator('.title').textContent(), '1031 · docker (container)');
    const facts = await headerFacts(view());
    assert.deepEqual({ Storage: facts.Storage, Mode: facts.Mode, Compression: facts.Compression }, expectedFacts);
    assert.equal(
      await view().locator('.command').textContent(),
      'vzdump 1031 --storage local --mode stop --compress zstd',
    );
    await view().locator('.problem', { hasText: 'Another backup held the global lock' }).waitFor({ timeout: 10_000 });
    await workbench.shot('backup-monitor-lock-timeout');
  });

  it('comes back after a reload of the demo URL, still knowing how the backup was started', async () => {
    const { page } = workbench;
    await letWorkbenchSaveItsState(page);
    await page.reload();
    await page.locator('.activitybar [aria-label="Proxmox"]').first().waitFor({ timeout: 60_000 });
    assert.match(page.url(), /\?folder=[^&]*$/, 'the demo URL names only the folder');
    await page.locator('.tab.active', { hasText: 'Backup 1031' }).waitFor({ timeout: 60_000 });
    await view().locator('.status-failed').waitFor({ timeout: 60_000 });
    const facts = await headerFacts(view());
    assert.deepEqual({ Storage: facts.Storage, Mode: facts.Mode, Compression: facts.Compression }, expectedFacts);
    assert.match((await view().locator('.status-failed').textContent()) ?? '', /global backup lock/);
    await workbench.shot('backup-monitor-after-reload');
  });
});
