import * as assert from 'node:assert/strict';
import { labHostSettings, trustLabKeyInProfile } from '../../scripts/host/labProfile';
import { resetLab } from '../lab/runtime/labClient';
import { openWorkbench, type Workbench } from './workbench';

describe('The Proxmox tree in the browser, against the lab', function () {
  this.timeout(180_000);
  let workbench: Workbench;

  before(async () => {
    const lab = await resetLab('seed');
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

  const row = (name: RegExp) => workbench.page.getByRole('treeitem', { name });

  it('expands the host into its node and groups', async () => {
    const { page } = workbench;
    await page.locator('.activitybar [aria-label="Proxmox"]').first().click();
    await row(/^pve2 /).click();
    await row(/^Containers 4/).waitFor({ timeout: 30_000 });
    for (const group of [/^Virtual Machines/, /^Storage 4/, /^ZFS Pools/, /^Tasks/]) await row(group).waitFor();
  });

  it('lists the containers with their states', async () => {
    await row(/^Containers 4/).click();
    await row(/^1031 docker running · up /).waitFor({ timeout: 30_000 });
    await row(/^10006 dashy stopped/).waitFor();
  });

  it('shows the damaged rpool and its disks', async () => {
    await row(/^ZFS Pools/).click();
    const pool = row(/^rpool ONLINE · 3 files with permanent errors/);
    await pool.waitFor({ timeout: 30_000 });
    await pool.click();
    await row(/^ata-TEAM_T253256GB_TPBF2212130080607072-part3 ONLINE · R 0 · W 0 · CK [1-9]/).waitFor({
      timeout: 30_000,
    });
    await row(/^Storage 4/).click();
    await row(/^truenas-bu nfs · /).waitFor({ timeout: 30_000 });
    await workbench.page.waitForTimeout(300); // only for the picture: let the tree settle
    await workbench.shot('explorer-tree');
  });

  it('warns in the status bar about the damaged pool', async () => {
    const item = workbench.page.locator('.statusbar-item.warning-kind', { hasText: 'pve2' });
    await item.waitFor({ timeout: 30_000 });
    assert.equal(await item.count(), 1);
  });
});
