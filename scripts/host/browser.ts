import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumPath, resultsDir } from './paths';

// Debian's chromium, driven by playwright-core (no browser download). The background
// networking flags matter: without them chromium keeps dialling out and this network refuses.
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
}

export async function newWorkbenchPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  return context.newPage();
}

/** Noise that a code-server without internet always logs; everything else is worth seeing. */
export function isHarmlessConsoleNoise(text: string): boolean {
  return /vsda|open-vsx\.org|ENOTFOUND|Failed to load resource/.test(text);
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
