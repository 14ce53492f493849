// Lint rules, including the layering of HOUSE-STYLE.md as build errors:
// no `vscode` in pure or browser code, no `ssh2` outside src/remote.
import tseslint from 'typescript-eslint';

const noVscode = {
  name: 'vscode',
  message: 'This layer must not depend on VS Code: keep it pure and testable in plain node.',
};
const noSsh2 = {
  name: 'ssh2',
  message: 'Only src/remote talks SSH; go through its runner instead.',
};

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'dist/**', 'out/**', '.vscode-host/**', '.vscode-test/**', '.lab/**', 'test-results/**', '**/*.js', '**/*.cjs', '**/*.mjs'],
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
  // The layering: each group lists what it may not import.
  restrict(['src/domain/**', 'src/protocol/**', 'webview-ui/**'], [noVscode, noSsh2]),
  restrict(['src/remote/**', 'test/unit/**', 'test/lab/**', 'test/integration/ssh/**', 'bench/**'], [noVscode]),
  {
    // Bundled code: `import { z } from 'zod'` drags all of zod (and its locales) into the bundle.
    files: ['src/**', 'webview-ui/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[source.value='zod'][importKind!='type'] > ImportSpecifier[imported.name='z'][importKind!='type']",
          message: "Use `import * as z from 'zod'`: the `z` object pulls all of zod into the bundle.",
        },
      ],
    },
  },
  restrict(['src/features/**', 'src/platform/**', 'src/extension.ts', 'src/ids.ts'], [noSsh2]),
);

function restrict(files, paths) {
  return { files, rules: { 'no-restricted-imports': ['error', { paths }] } };
}
