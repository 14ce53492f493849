import * as path from 'node:path';

// Where the VS Code test host lives. It is installed once into an ignored folder and reused.
export const repoRoot = path.resolve(__dirname, '..', '..');
export const hostDir = path.join(repoRoot, '.vscode-host');
export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_MAJOR = '24';
export const node24Bin = path.join(hostDir, 'node24', 'node_modules', '.bin');
export const node24 = path.join(node24Bin, 'node');
export const codeServerEntry = path.join(
  hostDir,
  'code-server',
  'node_modules',
  'code-server',
  'out',
  'node',
  'entry.js',
);
export const readyMarker = path.join(hostDir, `ready-code-server-${CODE_SERVER_VERSION}`);
/** Per-run state (profiles, logs, reports); ignored by git. */
export const runsDir = path.join(repoRoot, '.vscode-test', 'runs');
export const resultsDir = path.join(repoRoot, 'test-results');
export const chromiumPath = '/usr/bin/chromium';
