import * as assert from 'node:assert/strict';
import { openWorkbench, type Workbench } from './workbench';

describe('Proxmox view in the browser', function () {
  this.timeout(180_000);
  let workbench: Workbench;

  before(async () => {
    workbench = await openWorkbench();
  });

  after(async () => {
    await workbench?.close();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed')
      await workbench?.shot(`failed-${this.currentTest.title.replace(/\W+/g, '-')}`);
  });

  it('shows the Proxmox icon in the activity bar and opens the welcome view', async () => {
    const { page } = workbench;
    await page.locator('.activitybar [aria-label="Proxmox"]').first().click();
    const welcome = page.locator('.welcome-view-content', { hasText: 'No Proxmox hosts yet' });
    await welcome.waitFor({ timeout: 30_000 });
    for (const label of ['Add Host', 'Open Walkthrough']) {
      const button = welcome.locator('.monaco-button', { hasText: label });
      await button.waitFor();
      assert.equal(await button.isVisible(), true, label);
    }
    await workbench.shot('welcome-view');
  });

  it('adds a host from the welcome button and lists it in the tree', async () => {
    const { page } = workbench;
    await page.locator('.welcome-view-content .monaco-button', { hasText: 'Add Host' }).click();
    const input = page.locator('.quick-input-widget input');
    await page.locator('.quick-input-widget', { hasText: 'Add Proxmox Host (1/3)' }).waitFor();
    await input.fill('pve2');
    await input.press('Enter');
    await page.locator('.quick-input-widget', { hasText: 'Add Proxmox Host (2/3)' }).waitFor();
    await input.fill('127.0.0.1:2222');
    await input.press('Enter');
    await page.locator('.quick-input-widget', { hasText: 'Add Proxmox Host (3/3)' }).waitFor();
    await input.press('Enter');
    const row = page.getByRole('treeitem', { name: /^pve2 / });
    await row.waitFor({ timeout: 30_000 });
    assert.match((await row.getAttribute('aria-label')) ?? '', /^pve2 root@127\.0\.0\.1:2222\b/);
    await page.locator('.notification-toast', { hasText: 'Added pve2' }).waitFor();
    await page.waitForTimeout(400); // only for the picture: toasts fade in
    await workbench.shot('host-added');
  });
});
