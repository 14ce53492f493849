import * as fs from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';

/** Names of the stand-in tools written by buildTools. */
export const TOOL_NAMES = ['pvesh', 'pct', 'qm', 'pvesm', 'vzdump', 'pveversion', 'pve-lab'] as const;

export const BUNDLE_NAME = 'pve-tools.cjs';

/**
 * Bundles the Proxmox stand-in into one CJS file in outDir and writes a tiny `#!/bin/sh` wrapper
 * per tool that execs node on it. The runtime bind-mounts outDir over /usr/local/sbin.
 */
export async function buildTools(outDir: string): Promise<void> {
  const dir = path.resolve(outDir);
  fs.mkdirSync(dir, { recursive: true });
  const bundle = path.join(dir, BUNDLE_NAME);
  await build({
    entryPoints: [path.join(__dirname, 'main.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: bundle,
    logLevel: 'warning',
    legalComments: 'none',
  });
  for (const tool of TOOL_NAMES) {
    const wrapper = path.join(dir, tool);
    fs.writeFileSync(wrapper, `#!/bin/sh\nexec /usr/bin/node ${shQuote(bundle)} ${tool} "$@"\n`, { mode: 0o755 });
    fs.chmodSync(wrapper, 0o755);
  }
}

function shQuote(s: string): string {
  return /^[\w./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
