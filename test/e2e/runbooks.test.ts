import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { labHostSettings, trustLabKeyInProfile } from '../../scripts/host/labProfile';
import { repoRoot } from '../../scripts/host/paths';
import { startLab } from '../lab/runtime/lab';
import { lensAbove, openWorkbench, type Workbench } from './workbench';

// The example runbook, opened as `npm run demo` opens it, clicked as a user would.
describe('Running a block of the example runbook in the browser', function () {
  this.timeout(180_000);
  let workbench: Workbench;

  before(async () => {
    const lab = await startLab();
    workbench = await openWorkbench({
      settings: labHostSettings(lab),
      beforeStart: (dir) => trustLabKeyInProfile(dir, lab),
      openFile: {
        name: 'pve2-incident-runbook.md',
        content: fs.readFileSync(path.join(repoRoot, 'examples', 'pve2-incident-runbook.md'), 'utf8'),
      },
    });
  });

  after(async () => {
    await workbench?.close();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed')
      await workbench?.shot(`failed-${this.currentTest.title.replace(/\W+/g, '-')}`);
  });

  it('clicks "▶ Run on pve2" above the ZFS health block, shows its output and a ✓ lens', async () => {
    const { page } = workbench;
    // Bring the block into the middle of the editor, as a reader scrolling to section 2 would.
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+G');
    await page.keyboard.type('36');
    await page.keyboard.press('Enter');
    const fenceLine = page.locator('.view-line', { hasText: 'name=zfs-health' });
    await fenceLine.waitFor({ timeout: 60_000 });
    const run = await lensAbove(page, fenceLine, '▶ Run on pve2');
    await run.click();

    // The terminal shows only its last rows: the end of `zpool status -v` and the footer.
    const output = page.locator('.xterm-rows', { hasText: /── exit 0 · \d+\.\d s ──/ });
    await output.waitFor({ timeout: 30_000 });
    assert.match(
      (await output.textContent()) ?? '',
      /errors: (Permanent errors have been detected|No known data errors)/,
    );

    const done = await lensAbove(page, fenceLine, /^✓ exit 0 · \d+\.\d s$/);
    assert.match((await done.textContent()) ?? '', /^✓ exit 0/);
    await workbench.shot('runbook-run');
  });
});
