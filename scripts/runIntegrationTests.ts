import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { startLab } from '../test/lab/runtime/lab';
import { repoRoot } from './host/paths';

// The integration tests keep @vscode/test-electron's runTests() API; its VS Code executable is
// our shim that runs code-server (see scripts/host/code-shim.sh for why).
async function main(): Promise<void> {
  // The tests reach the lab with what it prints; the extension host inherits this environment.
  const lab = await startLab();
  const code = await runTests({
    // PVE_LAB_DIR and PVE_REPO_ROOT let the bundled tests find the lab's files and its CLI.
    extensionTestsEnv: { PVE_LAB_INFO: JSON.stringify(lab), PVE_LAB_DIR: lab.labDir, PVE_REPO_ROOT: repoRoot },
    vscodeExecutablePath: path.join(repoRoot, 'scripts', 'host', 'code-shim.sh'),
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: path.join(repoRoot, 'out', 'test', 'integration', 'index.js'),
    reuseMachineInstall: true,
  });
  process.exit(code);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
