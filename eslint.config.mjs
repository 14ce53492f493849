// Lint rules, including the layering of docs/ARCHITECTURE.md as build errors.
import tseslint from 'typescript-eslint';

// ---------------------------------------------------------------------------------------------------------------
// The layers. Each row says what a folder MAY import (issue 18's table); every other import is an error.
//
//   ours      what of ours under src/ it may reach with a relative import (`../domain/x`, `../../shared/y`)
//   packages  what it may import by bare name; `node:*` is any Node built-in. An allow-list, so that a new
//             dependency of a pure layer is a decision taken here: a pure parsing library for src/domain
//             (a shell or Markdown parser) is added to its list by name. node:crypto is there for hashing.
//
// `no-restricted-imports` sees the import string as written, not the file it resolves to, so:
//   - a relative import into another layer is recognised by the layer's name after the run of `../`:
//     `^(\.\./)+remote(/|$)`. That holds at any depth, as long as no folder inside a layer is named like a
//     layer (keep it so).
//   - "no other feature" depends on how deep the file sits in its feature folder, so that rule is made once
//     per depth (up to MAX_DEPTH folders inside a feature; deeper files get the layer rule only).
// The rows are written so that a forbidden import breaks one rule and reports one message.
// Only static `import` and `export … from` are checked; `import()` and `require()` are not.
// ---------------------------------------------------------------------------------------------------------------

/** Everything of ours a src/ file can name with a relative import. */
const OUR_NAMES = [
  'shared',
  'domain',
  'protocol',
  'remote',
  'pve',
  'platform',
  'features',
  'ids',
  'extension',
  'webview-ui',
];

const VSCODE = { name: 'vscode', message: 'This layer must not depend on VS Code: keep it testable in plain node.' };
const SSH2 = { name: 'ssh2', message: 'Only src/remote talks SSH; go through its runner instead.' };

const LAYERS = [
  { layer: 'shared', ours: [], packages: [] },
  { layer: 'domain', ours: ['shared'], packages: ['zod', 'node:crypto'] },
  { layer: 'protocol', ours: ['shared'], packages: ['zod'] },
  { layer: 'remote', ours: ['domain', 'shared'], packages: ['ssh2', 'zod', 'node:*'] },
  { layer: 'pve', ours: ['remote', 'domain', 'protocol', 'shared'], packages: ['zod'] },
  { layer: 'platform', ours: ['domain', 'shared', 'ids'], packages: ['vscode', 'zod', 'node:*'] },
  {
    layer: 'features',
    ours: ['pve', 'domain', 'protocol', 'platform', 'shared', 'ids'],
    packages: ['vscode', 'zod', 'node:*'],
  },
];
const FEATURES = LAYERS.find((row) => row.layer === 'features');
/** The one public feature (sessions, host picking): other features may import it, and only it may import src/remote. */
const HOSTS = { ...FEATURES, ours: [...FEATURES.ours, 'remote'], name: 'src/features/hosts' };
/** src/ids.ts, the ids of everything, is a leaf. */
const IDS = { layer: 'ids', ours: [], packages: ['vscode', 'zod'], name: 'src/ids.ts' };
/** webview-ui/ is browser code: the message types and pure helpers of src/, its own shared/, browser packages. */
const WEBVIEW = { name: 'webview-ui', src: ['protocol', 'shared'], packages: ['@vscode-elements/elements', 'zod'] };
/** How many folders deep inside a feature (or panel) folder the "no other feature" rule reaches. */
const MAX_DEPTH = 3;

const UP = '(?:\\.\\./)+';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'out/**',
      '.vscode-host/**',
      '.vscode-test/**',
      '.lab/**',
      'test-results/**',
      '**/*.js',
      '**/*.cjs',
      '**/*.mjs',
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    // Bundled code: `import { z } from 'zod'` drags all of zod (and its locales) into the bundle.
    files: ['src/**', 'webview-ui/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "ImportDeclaration[source.value='zod'][importKind!='type'] > ImportSpecifier[imported.name='z'][importKind!='type']",
          message: "Use `import * as z from 'zod'`: the `z` object pulls all of zod into the bundle.",
        },
      ],
    },
  },
  // The layering. A file gets the LAST block that matches it (rule options do not merge), so general rows first.
  ...LAYERS.map((row) => layerBlock([`src/${row.layer}/**`], row, UP)),
  ...depths().map((depth) =>
    layerBlock([`src/features/*/${'*/'.repeat(depth)}*`], FEATURES, UP, siblingRules(depth, 'features', 'hosts')),
  ),
  ...depths().map((depth) =>
    layerBlock([`src/features/hosts/${'*/'.repeat(depth)}*`], HOSTS, UP, siblingRules(depth, 'features', 'hosts')),
  ),
  layerBlock(['src/ids.ts'], IDS, '\\.\\.?/(?:\\.\\./)*'),
  // The composition root imports anything of ours; it still does not talk SSH itself.
  restrict(['src/extension.ts'], [], [SSH2]),
  webviewBlock(['webview-ui/**'], []),
  ...depths().map((depth) =>
    webviewBlock([`webview-ui/*/${'*/'.repeat(depth)}*`], siblingRules(depth, 'webview-ui', 'shared')),
  ),
  restrict(['test/unit/**', 'test/lab/**', 'test/integration/ssh/**', 'bench/**'], [], [VSCODE]),
);

function restrict(files, patterns, paths) {
  return { files, rules: { 'no-restricted-imports': ['error', { paths, patterns }] } };
}

/** A src/ row: its relative imports (climbing by `up`), its packages, and any extra patterns. */
function layerBlock(files, row, up, extra = []) {
  const name = row.name ?? `src/${row.layer}`;
  const banned = OUR_NAMES.filter((ours) => ours !== row.layer && !row.ours.includes(ours));
  const allowed = row.ours.length ? row.ours.map((ours) => `src/${ours}`).join(', ') : 'nothing';
  const oursRule = {
    regex: `^${up}(?:${banned.map(escape).join('|')})(?:/|$)`,
    message: `${name} may import of ours only: ${allowed}.`,
  };
  return restrict(
    files,
    [oursRule, packagesRule(name, row.packages), ...extra],
    [VSCODE, SSH2].filter(({ name }) => !row.packages.includes(name)),
  );
}

function webviewBlock(files, extra) {
  const srcRule = {
    regex: `^${UP}src/(?!(?:${WEBVIEW.src.join('|')})(?:/|$))`,
    message: `webview-ui may import of src/ only: ${WEBVIEW.src.map((name) => `src/${name}`).join(', ')}.`,
  };
  return restrict(files, [srcRule, packagesRule(WEBVIEW.name, WEBVIEW.packages), ...extra], [VSCODE, SSH2]);
}

/** A bare import outside the allow-list. vscode and ssh2 are left out: they have their own message (`paths`). */
function packagesRule(name, packages) {
  const open = [...packages, VSCODE.name, SSH2.name].map((pkg) =>
    pkg.endsWith('*') ? escape(pkg.slice(0, -1)) : `${escape(pkg)}(?:/|$)`,
  );
  const list = packages.length ? packages.join(', ') : 'no package at all';
  return { regex: `^(?!\\.|${open.join('|')})`, message: `${name} may import from npm only: ${list}.` };
}

/**
 * From a file `depth` folders inside <root>/<x>/, `depth + 1` steps up reach <root>/: there it may name only
 * <publicFolder> (`../hosts/…`), and it may not come back into <root> the long way (`../../features/<y>/…`).
 */
function siblingRules(depth, root, publicFolder) {
  const message = `Of the other folders in ${root}/ import only ${root}/${publicFolder}; your own folder is ./.`;
  const notPublic = `(?!${escape(publicFolder)}(?:/|$))`;
  return [
    { regex: `^(?:\\.\\./){${depth + 1}}(?!\\.\\.?(?:/|$))${notPublic}`, message },
    { regex: `^(?:\\.\\./){${depth + 2}}${escape(root)}/${notPublic}`, message },
  ];
}

function depths() {
  return Array.from({ length: MAX_DEPTH }, (_, depth) => depth);
}

function escape(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
