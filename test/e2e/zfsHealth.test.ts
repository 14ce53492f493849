import * as assert from 'node:assert/strict';
import { labHostSettings, trustLabKeyInProfile } from '../../scripts/host/labProfile';
import { resetLab } from '../lab/runtime/labClient';
import { openWorkbench, runFromPalette, type Workbench } from './workbench';

// The ZFS health panel of a real VS Code, on the lab's damaged rpool.
describe('ZFS health in the browser', function () {
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

  it('shows the pool, its counters and the damaged files with their guests and backups', async () => {
    const { page } = workbench;
    await page.locator('.activitybar [aria-label="Proxmox"]').first().waitFor({ timeout: 60_000 });
    await runFromPalette(page, 'Proxmox: Show ZFS Health');

    const view = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await view.locator('.pool h2', { hasText: 'rpool' }).waitFor({ timeout: 60_000 });
    await view.locator('.damage-row').nth(2).waitFor({ timeout: 30_000 });
    const guests = await view.locator('.damage-row .guest').allTextContents();
    assert.deepEqual(
      guests.map((g) => g.split(' (')[0]),
      ['10006 dashy', '1008 caddy', '1034 plex'],
    );
    assert.match((await view.locator('.damage-row .guest').first().textContent()) ?? '', /^10006 dashy \(container, /);
    assert.ok((await view.locator('.vdevs .nonzero').count()) >= 3, 'the checksum counters are highlighted');
    assert.equal(await view.locator('.warning-banner').count(), 1, 'the mirror of unequal disks is warned about');
    await workbench.shot('zfs-health');

    // A click on a guest selects it in the Proxmox view.
    await view.locator('.damage-row .guest', { hasText: '1034 plex' }).click();
    await page.locator('.monaco-list-row.selected', { hasText: '1034' }).first().waitFor({ timeout: 30_000 });
  });

  it('shows a scrub at a fraction of a percent as a visible bar named with its percentage, and Stop Scrub as under way until the host answers', async () => {
    await resetLab('seed', 'scrubbing');
    const { page } = workbench;
    await page.locator('.tab', { hasText: 'ZFS Health' }).first().click();
    const view = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await view.locator('vscode-button[data-action="refresh"]').click();
    const bar = view.locator('.scan vscode-progress-bar');
    await bar.waitFor({ timeout: 60_000 });

    // The lab's slowed scrub has only begun: zpool says a few hundredths of a percent.
    const scanText = (await view.locator('.scan-text').textContent()) ?? '';
    const percent = /([\d.]+)% done/.exec(scanText)?.[1];
    assert.ok(percent !== undefined && Number(percent) < 5, scanText);
    const progressbar = bar.locator('[role="progressbar"]');
    assert.equal(await progressbar.getAttribute('aria-label'), `Scrub ${Number(percent)}% done`);
    const indicator = await bar.locator('.indicator').boundingBox();
    assert.ok(indicator && indicator.width >= 2 && indicator.height >= 2, `indicator ${JSON.stringify(indicator)}`);
    await workbench.shot('zfs-health-scrub-progress');

    // Stop Scrub: the button says what is under way and waits until zpool has answered.
    await view.locator('vscode-button[data-action="stopScrub"]').click();
    const stopping = view.locator('vscode-button[data-action="stopScrub"][disabled]', { hasText: 'Stopping scrub…' });
    await stopping.waitFor({ timeout: 10_000 });
    await workbench.shot('zfs-health-stopping-scrub');
    await view
      .locator('vscode-button[data-action="scrub"]:not([disabled])', { hasText: 'Scrub' })
      .waitFor({ timeout: 120_000 });
  });
});
