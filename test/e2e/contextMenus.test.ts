import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { labHostSettings, trustLabKeyInProfile } from '../../scripts/host/labProfile';
import { resetLab } from '../lab/runtime/labClient';
import { openWorkbench, type Workbench } from './workbench';

// Each row kind's context menu holds exactly its items, in VS Code's order (groups sorted by name,
// '---' where VS Code draws a separator). The lists come from package.json's view/item/context
// entries and the contextValue each row gets (src/features/explorer/treeItems.ts). A when clause VS
// Code cannot parse shows its item on every row: Scrub did, on hosts, containers and storages.
const MENUS = {
  host: [
    'Check Host Health',
    'Show ZFS Health',
    '---',
    'Disconnect',
    'Refresh',
    '---',
    'Open Remote File…',
    '---',
    'Open Shell',
    '---',
    'Forget Host Key',
    '---',
    'Remove Host',
  ],
  node: [
    'Check Host Health',
    'Show ZFS Health',
    '---',
    'Open Node Shell',
    '---',
    'Edit vzdump.conf',
    'Open Remote File…',
  ],
  runningContainer: [
    'Shutdown',
    'Reboot',
    'Stop (Power Off)',
    '---',
    'Back Up Now…',
    '---',
    'Open Shell',
    'Show Config',
    '---',
    'Show Backups',
    '---',
    'Copy VMID',
  ],
  storage: ['Test Write Access'],
  pool: ['Show ZFS Health', '---', 'Scrub', '---', 'Clear Errors'],
  scrubbingPool: ['Show ZFS Health', '---', 'Stop Scrub', '---', 'Clear Errors'],
};

/** A workbench against the lab in these states, with the Proxmox view open on a connected pve2. */
function withWorkbench(states: Parameters<typeof resetLab>): {
  page: () => Page;
  shot: (name: string) => Promise<string>;
} {
  let workbench: Workbench | undefined;
  const current = () => {
    if (!workbench) throw new Error('the workbench did not open');
    return workbench;
  };

  before(async () => {
    const lab = await resetLab(...states);
    workbench = await openWorkbench({
      settings: labHostSettings(lab),
      beforeStart: (dir) => trustLabKeyInProfile(dir, lab),
    });
  });

  after(async () => {
    await workbench?.close();
  });

  afterEach(async function () {
    if (!workbench) return;
    if (this.currentTest?.state === 'failed')
      await workbench.shot(`failed-${this.currentTest.title.replace(/\W+/g, '-')}`);
    // Leave no menu open for the next row.
    if ((await menuOn(workbench.page).count()) > 0) await closeMenu(workbench.page);
  });

  return { page: () => current().page, shot: (name) => current().shot(name) };
}

const row = (page: Page, name: RegExp) => page.getByRole('treeitem', { name });
const menuOn = (page: Page) => page.getByRole('menu');

/** Opens the Proxmox view, connects pve2 and expands these groups until the rows show. */
async function expand(page: Page, groups: RegExp[], rows: RegExp[]): Promise<void> {
  await page.locator('.activitybar [aria-label="Proxmox"]').first().click();
  await row(page, /^pve2 /)
    .first()
    .click();
  await row(page, /^pve2 connected/).waitFor({ timeout: 30_000 });
  for (const group of groups) await row(page, group).click();
  for (const item of rows) await row(page, item).waitFor({ timeout: 30_000 });
}

/** Right-clicks the row and reads its menu: item labels, '---' for a separator. */
async function openMenuOf(page: Page, name: RegExp): Promise<string[]> {
  await row(page, name).click({ button: 'right' });
  const menu = menuOn(page);
  await menu.waitFor({ timeout: 30_000 });
  // A separator is an empty .action-label too.
  const labels = await menu.locator('.action-label').allTextContents();
  return labels.map((label) => label || '---');
}

async function closeMenu(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await menuOn(page).waitFor({ state: 'detached', timeout: 10_000 });
}

describe('Context menus of the Proxmox tree in the browser, against the lab', function () {
  this.timeout(180_000);
  const workbench = withWorkbench(['seed']);
  const menuOf = (name: RegExp) => openMenuOf(workbench.page(), name);
  const close = () => closeMenu(workbench.page());

  it('opens the tree down to a running container, a storage and the pool', async () => {
    await expand(
      workbench.page(),
      [/^Containers 4/, /^Storage 4/, /^ZFS Pools/],
      [/^1031 docker running · /, /^local dir · /, /^rpool ONLINE · /],
    );
  });

  it('a connected host: health, connection, files, shell, key and removal', async () => {
    assert.deepEqual(await menuOf(/^pve2 connected/), MENUS.host);
    await close();
  });

  it('an online node: health, its shell and its config files', async () => {
    assert.deepEqual(await menuOf(/^pve2 online/), MENUS.node);
    await close();
  });

  it('a running container: power, backup, shell and config, its backups, its VMID', async () => {
    assert.deepEqual(await menuOf(/^1031 docker running · /), MENUS.runningContainer);
    await close();
  });

  it('a directory storage: only the write test', async () => {
    assert.deepEqual(await menuOf(/^local dir · /), MENUS.storage);
    await close();
  });

  it('a damaged pool that is not scrubbing: health, Scrub, Clear Errors', async () => {
    assert.deepEqual(await menuOf(/^rpool ONLINE · /), MENUS.pool);
    await workbench.shot('context-menu-pool');
    await close();
  });
});

// The row of a scrubbing pool looks the same, so a workbench of its own that reads the pool only
// once the scrub runs; the negation in Scrub's when clause is what this checks.
describe('The context menu of a pool while it scrubs, in the browser, against the lab', function () {
  this.timeout(180_000);
  const workbench = withWorkbench(['seed', 'scrubbing']);

  it('offers Stop Scrub instead of Scrub', async () => {
    await expand(workbench.page(), [/^ZFS Pools/], [/^rpool ONLINE · /]);
    assert.deepEqual(await openMenuOf(workbench.page(), /^rpool ONLINE · /), MENUS.scrubbingPool);
    await closeMenu(workbench.page());
  });
});
