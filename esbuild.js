// Builds the extension (Node, CommonJS) and one browser bundle per webview app.
//   node esbuild.js               development build with source maps
//   node esbuild.js --production  minified, no source maps (what the VSIX ships)
//   node esbuild.js --watch       rebuild on change
//   node esbuild.js --tests       also compile the in-host integration tests to out/
// The sizes of the outputs are printed from esbuild's metafile; the metafile itself is written to
// dist/meta.json so `npx esbuild-visualizer` style tools (or a plain read) can review what grew.
'use strict';
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const withTests = process.argv.includes('--tests');

/** ssh2 tries its optional native addons inside try/catch; keep them out of the bundle. */
const nativeAddonsExternal = {
  name: 'native-addons-external',
  setup(build) {
    build.onResolve({ filter: /\.node$/ }, (args) => ({ path: args.path, external: true }));
  },
};

const extensionOptions = {
  entryPoints: ['src/extension.ts'],
  outfile: 'dist/extension.js',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode', 'cpu-features'],
  plugins: [nativeAddonsExternal],
  minify: production,
  sourcemap: production ? false : 'linked',
  metafile: true,
  logLevel: 'warning',
};

/** Every folder under webview-ui/ with a main.ts is one webview app. */
function webviewEntries() {
  const root = path.join(__dirname, 'webview-ui');
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(root, entry.name, 'main.ts')))
    .map((entry) => ({ in: `webview-ui/${entry.name}/main.ts`, out: entry.name }));
}

function webviewOptions(entries) {
  return {
    entryPoints: entries,
    outdir: 'dist/webview',
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: production,
    sourcemap: production ? false : 'linked',
    metafile: true,
    logLevel: 'warning',
  };
}

function listFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => path.join(dir, name));
}

/**
 * The integration tests run inside the extension host, which needs plain JavaScript. Not
 * test/integration/ssh/: those run in plain node under their own mocha config (the `ssh` stage).
 */
function testOptions() {
  const inHost = listFiles('test/integration').filter(
    (file) => !file.startsWith(path.join('test', 'integration', 'ssh') + path.sep),
  );
  return {
    entryPoints: [...inHost, ...listFiles('test/support')],
    outdir: 'out/test',
    outbase: 'test',
    // Bundled so the tests can import src/ directly; packages stay external (mocha, vscode).
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'warning',
  };
}

function printSizes(metafiles) {
  const outputs = metafiles.flatMap((meta) => Object.entries(meta.outputs));
  const rows = outputs.filter(([file]) => !file.endsWith('.map'));
  let total = 0;
  for (const [file, info] of rows) {
    total += info.bytes;
    console.log(`  ${file.padEnd(40)} ${formatKiB(info.bytes)}`);
  }
  console.log(`  ${'bundle total'.padEnd(40)} ${formatKiB(total)}${production ? ' (production)' : ''}`);
}

function formatKiB(bytes) {
  return `${(bytes / 1024).toFixed(1).padStart(8)} KiB`;
}

function writeMetafile(metafiles) {
  const merged = { inputs: {}, outputs: {} };
  for (const meta of metafiles) {
    Object.assign(merged.inputs, meta.inputs);
    Object.assign(merged.outputs, meta.outputs);
  }
  fs.mkdirSync('dist', { recursive: true });
  fs.writeFileSync('dist/meta.json', JSON.stringify(merged));
}

async function main() {
  const entries = webviewEntries();
  const configs = [extensionOptions, ...(entries.length ? [webviewOptions(entries)] : [])];
  if (withTests) configs.push(testOptions());

  if (watch) {
    for (const options of configs) {
      const context = await esbuild.context(options);
      await context.watch();
    }
    console.log('esbuild: watching for changes');
    return;
  }

  fs.rmSync('dist', { recursive: true, force: true });
  const results = await Promise.all(configs.map((options) => esbuild.build(options)));
  const metafiles = results.map((result) => result.metafile).filter(Boolean);
  writeMetafile(metafiles);
  printSizes(metafiles);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
