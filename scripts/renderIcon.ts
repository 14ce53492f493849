import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchBrowser } from './host/browser';
import { repoRoot } from './host/paths';

// media/icon.png (the Marketplace icon, 128 px) from scripts/icon.svg, drawn by the same headless
// Chromium the browser tests use. Run it after changing the SVG: `npx tsx scripts/renderIcon.ts`.
async function main(): Promise<void> {
  const svg = fs.readFileSync(path.join(__dirname, 'icon.svg'), 'utf8');
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
    await page.locator('svg').screenshot({ path: path.join(repoRoot, 'media', 'icon.png'), omitBackground: true });
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
