import * as assert from 'node:assert/strict';
import { labHostSettings, trustLabKeyInProfile } from '../../scripts/host/labProfile';
import { labSsh, resetLab } from '../lab/runtime/labClient';
import { openWorkbench, runFromPalette, type Workbench } from './workbench';

// vzdump.conf from the lab in a real VS Code: the squiggle under a typo and its quick fix.
describe('Editing vzdump.conf in the browser', function () {
  this.timeout(180_000);
  let workbench: Workbench;

  before(async () => {
    const lab = await resetLab('seed');
    await labSsh("printf 'bwlimt: 1000\\n' >> /etc/vzdump.conf");
    workbench = await openWorkbench({
      settings: labHostSettings(lab),
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

  it('underlines the misspelt key and fixes it from the light bulb', async () => {
    const { page } = workbench;
    // The activity bar icon shows once the extension's contributions are loaded.
    await page.locator('.activitybar [aria-label="Proxmox"]').first().waitFor({ timeout: 60_000 });
    await runFromPalette(page, 'Proxmox: Edit vzdump.conf');

    const typo = page.locator('.view-line', { hasText: 'bwlimt: 1000' });
    await typo.waitFor({ timeout: 60_000 });
    await page.locator('.squiggly-error').first().waitFor({ timeout: 30_000 });

    // Put the cursor on the typo and open the quick fixes, as Ctrl+. does.
    await typo.click();
    await page.keyboard.press('Control+.');
    const fix = page.locator('.action-widget .monaco-list-row', { hasText: /bwlimit/ });
    await fix.first().waitFor({ timeout: 30_000 });
    await workbench.shot('vzdump-conf-quick-fix');

    await fix.first().click();
    await page.locator('.view-line', { hasText: /^bwlimit:\s1000$/ }).waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('.view-line', { hasText: 'bwlimt' }).count(), 0);
    await page.locator('.squiggly-error').first().waitFor({ state: 'detached', timeout: 30_000 });
    await workbench.shot('vzdump-conf-fixed');
  });
});
