import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { isHarmlessConsoleNoise, launchBrowser, newWorkbenchPage, screenshot } from '../../scripts/host/browser';
import { startCodeServer, type CodeServer } from '../../scripts/host/codeServer';
import { ensureHost } from '../../scripts/host/ensureHost';
import { repoRoot } from '../../scripts/host/paths';
import { waitUntil } from '../support/waitUntil';

/** The VSIX that `npm run package` built: the browser tests drive the shipped artifact. */
export function packagedVsix(): string {
  const { version } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  const file = path.join(repoRoot, `pve-ops-${version}.vsix`);
  if (!fs.existsSync(file)) throw new Error(`${path.basename(file)} is missing: run \`npm run package\` first`);
  return file;
}

export interface Workbench {
  page: Page;
  server: CodeServer;
  shot(name: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * A real VS Code (code-server, without the smoke-test driver so notifications show) with the
 * packaged extension installed, opened in headless chromium.
 */
export async function openWorkbench(
  options: {
    settings?: Record<string, unknown>;
    env?: Record<string, string>;
    beforeStart?: (userDataDir: string) => void;
    openFile?: { name: string; content: string };
  } = {},
): Promise<Workbench> {
  ensureHost();
  const server = await startCodeServer({ smokeTestDriver: false, label: 'e2e', install: [packagedVsix()], ...options });
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser();
    const page = await newWorkbenchPage(browser);
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && !isHarmlessConsoleNoise(message.text())) consoleErrors.push(message.text());
    });
    let url = server.workbenchUrl();
    if (options.openFile) {
      const file = path.join(server.workspace, options.openFile.name);
      fs.writeFileSync(file, options.openFile.content);
      url = server.openFileUrl(file);
    }
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    const opened = browser;
    return {
      page,
      server,
      shot: (name) => screenshot(page, name),
      close: async () => {
        await opened.close();
        await server.stop();
        if (process.env.VERBOSE && consoleErrors.length) console.log(consoleErrors.join('\n'));
      },
    };
  } catch (error) {
    await browser?.close();
    await server.stop();
    throw error;
  }
}

/**
 * Runs a command from the palette as a user does: F1, its name, Enter once the row shows. `row`
 * is the text of the row to wait for (by default the name without its "Category: " prefix).
 */
export async function runFromPalette(page: Page, name: string, row = name.replace(/^[^:]+: /, '')): Promise<void> {
  await page.keyboard.press('F1');
  await page.keyboard.type(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: row }).first().waitFor({ timeout: 30_000 });
  await page.keyboard.press('Enter');
}

/** The code lens with this text that sits right above the given editor line. */
export async function lensAbove(page: Page, line: Locator, text: string | RegExp): Promise<Locator> {
  const lenses = page
    .locator('.contentWidgets .codelens-decoration a, .view-zones .codelens-decoration a, .codelens-decoration a')
    .filter({ hasText: text });
  const closest = async (): Promise<number | undefined> => {
    const lineBox = await line.boundingBox();
    let best: { index: number; gap: number } | undefined;
    for (let i = 0; i < (await lenses.count()); i++) {
      const box = await lenses.nth(i).boundingBox();
      if (!box || !lineBox) continue;
      const gap = lineBox.y - box.y;
      if (gap > 0 && gap < 3 * lineBox.height && (!best || gap < best.gap)) best = { index: i, gap };
    }
    return best?.index;
  };
  // 60 s covers the 150 tries of 200 ms (plus measuring) this used to make.
  return lenses.nth(
    await waitUntil(`a "${String(text)}" lens above the line`, closest, { timeoutMs: 60_000, intervalMs: 200 }),
  );
}

/**
 * VS Code for the Web writes its editors and their view state to the browser's storage when idle,
 * at most every five seconds; a reload sooner after a change loses it (VS Code's behaviour, seen
 * as an empty editor area). A user does not reload that fast; tests that reload wait this long.
 */
export async function letWorkbenchSaveItsState(page: Page): Promise<void> {
  await page.waitForTimeout(7_000);
}
