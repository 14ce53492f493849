import * as fs from 'node:fs';
import { runLxcPower } from './api/lxcPowerJob';
import { CliExit } from './cli/cliArgs';
import { pct } from './cli/pct';
import { pvesh } from './cli/pvesh';
import { pvesm } from './cli/pvesm';
import { pveversion } from './cli/pveversion';
import { qm } from './cli/qm';
import { vzdumpCli } from './cli/vzdumpCli';
import { pveLab, setLabBundlePath } from './setup/pveLab';
import { runVanishingWriter } from './setup/vanishingWriter';
import { runWorker, setBundlePath, type WorkerJob } from './tasks/worker';
import type { TaskLogger } from './tasks/taskLogger';
import { runVzdumpJob } from './vzdump/vzdumpJob';

/** Entry point of the bundle, which pve-tools.cjs loads: `node pve-tools.cjs <tool> [args...]`. */
const TOOLS: Record<string, (argv: string[]) => Promise<number> | number> = {
  pvesh,
  pct,
  qm,
  pvesm,
  vzdump: vzdumpCli,
  pveversion,
  'pve-lab': pveLab,
};

async function runJob(job: WorkerJob, log: TaskLogger, upid: string): Promise<void> {
  if (job.kind === 'lxc-power') return runLxcPower(job.action, job.vmid, log);
  return runVzdumpJob(job.params, job.cmdline, job.hang, log, upid);
}

async function main(): Promise<void> {
  const bundle = fs.realpathSync(process.argv[1] ?? '');
  setBundlePath(bundle);
  setLabBundlePath(bundle);
  const [tool, ...argv] = process.argv.slice(2);
  // buildTools loads the bundle once to save V8's code cache: nothing to run
  if (tool === '__make-code-cache') return;
  if (tool === '__worker') {
    await runWorker(argv[0] ?? '', runJob);
    return;
  }
  if (tool === '__vanishing-writer') {
    runVanishingWriter(Number(argv[0] ?? '1031'));
    return;
  }
  const run = tool ? TOOLS[tool] : undefined;
  if (!run) {
    process.stderr.write(`pve-tools: unknown tool '${tool ?? ''}'\n`);
    process.exit(2);
  }
  try {
    process.exitCode = await run(argv);
  } catch (err) {
    if (err instanceof CliExit) {
      process.stderr.write(err.stderr);
      process.exitCode = err.exitCode;
    } else {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 255;
    }
  }
}

void main();
