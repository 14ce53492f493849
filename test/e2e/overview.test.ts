import { labHostSettings, trustLabKeyInProfile } from '../../scripts/host/labProfile';
import { labSsh, resetLab } from '../lab/runtime/labClient';
import { openWorkbench, runFromPalette, type Workbench } from './workbench';

// The README's first picture: the tree of the lab's pve2 with its containers and pools, next to
// the backup monitor following a running backup. The test checks what the picture must show; the
// picture itself (test-results/overview.png) is copied to docs/images/ by hand after a look.
describe('The overview picture for the README', function () {
  this.timeout(180_000);
  let workbench: Workbench;

  before(async () => {
    const lab = await resetLab('seed');
    await labSsh('pve-lab slow 20');
    workbench = await openWorkbench({
      settings: labHostSettings(lab),
      beforeStart: (dir) => trustLabKeyInProfile(dir, lab),
    });
  });

  after(async () => {
    await labSsh('pve-lab slow 1');
    await workbench?.close();
  });

  it('shows the tree and a backup being followed', async () => {
    const { page } = workbench;
    const row = (name: RegExp) => page.getByRole('treeitem', { name });
    await page.locator('.activitybar [aria-label="Proxmox"]').first().click();
    await row(/^pve2 /).click();
    await row(/^Containers 4/).click({ timeout: 30_000 });
    await row(/^1031 docker running/).waitFor({ timeout: 30_000 });
    await row(/^ZFS Pools/).click();
    await row(/^rpool /).click({ timeout: 30_000 });

    await labSsh('pvesh create /nodes/pve2/vzdump --vmid 1031 --mode stop --storage local --compress zstd');
    await runFromPalette(page, 'Proxmox: Show Running Backups');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: '1031' }).first().click({ timeout: 30_000 });
    const view = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await view.locator('.log-line', { hasText: 'creating vzdump archive' }).first().waitFor({ timeout: 60_000 });
    await workbench.shot('overview');
    await view.locator('.status-ok').waitFor({ timeout: 120_000 });
  });
});
