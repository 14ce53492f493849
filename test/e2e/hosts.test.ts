import * as assert from 'node:assert/strict';
import { labHostSettings, trustLabKeyInProfile } from '../../scripts/host/labProfile';
import { startLab } from '../lab/runtime/lab';
import { openWorkbench, type Workbench } from './workbench';

// The same profile `npm run demo` builds: the lab configured as "pve2", its key trusted.
describe('Connecting to the lab from the Proxmox view in the browser', function () {
  this.timeout(180_000);
  let workbench: Workbench;

  before(async () => {
    const lab = await startLab();
    workbench = await openWorkbench({
      settings: labHostSettings(lab),
      beforeStart: (dir) => trustLabKeyInProfile(dir, lab),
    });
  });

  after(async () => {
    await workbench?.close();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed')
      await workbench?.shot(`failed-${this.currentTest.title.replace(/\W+/g, '-')}`);
  });

  it('connects with the inline Connect button and shows the host as connected', async () => {
    const { page } = workbench;
    await page.locator('.activitybar [aria-label="Proxmox"]').first().click();
    const row = page.getByRole('treeitem', { name: /^pve2 / });
    await row.waitFor({ timeout: 30_000 });
    await row.hover();
    await row.locator('.action-label[aria-label="Connect"]').click();
    await page.getByRole('treeitem', { name: /^pve2 connected/ }).waitFor({ timeout: 30_000 });
    assert.match((await row.getAttribute('aria-label')) ?? '', /^pve2 connected/);
    await workbench.shot('host-connected');
  });

  it('opens a shell on the host in a terminal', async () => {
    const { page } = workbench;
    const row = page.getByRole('treeitem', { name: /^pve2 / });
    await row.hover();
    await row.locator('.action-label[aria-label="Open Shell"]').click();
    const terminal = page.locator('.terminal-wrapper');
    await terminal.waitFor({ timeout: 30_000 });
    await page.locator('.xterm-rows', { hasText: 'pve2' }).waitFor({ timeout: 30_000 });
    await page.keyboard.type('zpool list -H -o name,health\n');
    await page.locator('.xterm-rows', { hasText: /rpool\s+ONLINE/ }).waitFor({ timeout: 30_000 });
    await workbench.shot('host-shell');
  });
});
