import * as assert from 'node:assert/strict';
import { labHostSettings, trustLabKeyInProfile } from '../../scripts/host/labProfile';
import { resetLab } from '../lab/runtime/labClient';
import { openWorkbench, runFromPalette, type Workbench } from './workbench';

// The health check report in a real VS Code, on the lab's seed: a damaged pool, missing backups,
// no tmpdir, a mixed mirror.
describe('Check Host Health in the browser', function () {
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

  it('reports by area with evidence, expands the output, and a fix button opens the ZFS panel', async () => {
    const { page } = workbench;
    await page.locator('.activitybar [aria-label="Proxmox"]').first().waitFor({ timeout: 60_000 });
    await runFromPalette(page, 'Proxmox: Check Host Health');

    const view = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    const summary = view.locator('#summary');
    await summary
      .filter({ hasText: /failure/ })
      .filter({ hasNotText: /Running/ })
      .waitFor({ timeout: 60_000 });
    const text = (await summary.textContent()) ?? '';
    assert.match(text, /\d+ failures?/);

    // grouped by area, failures first within an area
    const zfs = view.locator('.finding[data-area="zfs"]');
    assert.equal(await zfs.first().getAttribute('class'), 'finding verdict-failure');
    const titles = await view.locator('.finding.verdict-failure .finding-title').allTextContents();
    for (const expected of [
      'rpool is ONLINE: 3 files with permanent errors',
      '1034 plex: its disk ext:1034/vm-1034-disk-0.raw has permanent errors',
      '1031 docker has no backup',
    ]) {
      assert.ok(titles.includes(expected), `${expected} in ${titles.join(' | ')}`);
    }
    assert.ok(
      (await view
        .locator('.finding.verdict-warning[data-area="zfs"] .finding-title', { hasText: 'mirror-0 mixes disks' })
        .count()) === 1,
    );
    assert.ok((await view.locator('.finding.verdict-pass').count()) > 3, 'passing checks are listed too');

    // the evidence of the pool's finding expands to the list of damaged files
    const pool = view.locator('.finding', { hasText: 'rpool is ONLINE: 3 files with permanent errors' });
    await pool.locator('summary').click();
    await pool.locator('pre', { hasText: '/mnt/ext/images/1008/vm-1008-disk-0.raw' }).waitFor({ timeout: 10_000 });
    await workbench.shot('health-check');
    await view.locator('section[data-area="policy"]').scrollIntoViewIfNeeded();
    await workbench.shot('health-check-backups-and-policy');

    // the toolbar is reachable from the keyboard, its buttons named for screen readers
    await view.locator('h1.title').click();
    await page.keyboard.press('Tab');
    await view.locator('#run-again:focus').waitFor({ timeout: 10_000 });
    assert.equal(
      await view.locator('#run-again').getAttribute('aria-label'),
      'Run again: reruns only the checks that failed',
    );
    await page.keyboard.press('Tab');
    await view.locator('#run-all:focus').waitFor({ timeout: 10_000 });

    await view.locator('.finding', { hasText: '1034 plex: its disk' }).locator('.finding-action').click();
    await page.locator('.tab', { hasText: 'ZFS Health — pve2' }).waitFor({ timeout: 30_000 });
  });
});
