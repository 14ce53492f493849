import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as z from 'zod';
import { stopLab } from '../test/lab/runtime/lab';
import { repoRoot } from './host/paths';

// `npm test`: every layer, in order, continuing past failures so one run shows everything.
// It ends with one line, "N passed, M failed". Stages that run mocha report their own counts;
// the others (lint, type check, packaging) count as one check each.
//   npm test                      everything
//   npm test -- --only unit,lab   chosen stages (names below)

interface Stage {
  name: string;
  command: string[];
  /** Whether the stage writes a mocha summary ($PVE_TEST_SUMMARY). */
  mocha: boolean;
}

const npx = (...args: string[]) => ['npx', '--no-install', ...args];

const stages: Stage[] = [
  { name: 'lint', command: ['npm', 'run', '--silent', 'lint'], mocha: false },
  { name: 'typecheck', command: ['npm', 'run', '--silent', 'typecheck'], mocha: false },
  { name: 'unit', command: npx('mocha'), mocha: true },
  { name: 'lab', command: npx('mocha', '--config', 'test/lab/.mocharc.json'), mocha: true },
  { name: 'ssh', command: npx('mocha', '--config', 'test/integration/ssh/.mocharc.json'), mocha: true },
  { name: 'package', command: ['npm', 'run', '--silent', 'package'], mocha: false },
  { name: 'vsix', command: npx('mocha', '--config', 'test/package/.mocharc.json'), mocha: true },
  { name: 'integration', command: ['npm', 'run', '--silent', 'test:integration'], mocha: true },
  { name: 'e2e', command: npx('mocha', '--config', 'test/e2e/.mocharc.json'), mocha: true },
];

const summarySchema = z.object({ passed: z.number(), failed: z.number(), pending: z.number() });

interface Outcome {
  name: string;
  passed: number;
  failed: number;
  seconds: number;
}

async function runStage(stage: Stage): Promise<Outcome> {
  const summaryFile = path.join(os.tmpdir(), `pve-ops-${stage.name}-${process.pid}.json`);
  fs.rmSync(summaryFile, { force: true });
  const started = Date.now();
  console.log(`\n=== ${stage.name}: ${stage.command.join(' ')}`);
  const [program, ...args] = stage.command;
  const exitCode = await new Promise<number>((resolve) => {
    const child = spawn(program ?? 'false', args, {
      cwd: repoRoot,
      stdio: 'inherit',
      env: { ...process.env, PVE_TEST_SUMMARY: summaryFile },
    });
    child.once('error', () => resolve(127));
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
  const seconds = (Date.now() - started) / 1000;
  const summary =
    stage.mocha && fs.existsSync(summaryFile)
      ? summarySchema.safeParse(JSON.parse(fs.readFileSync(summaryFile, 'utf8')))
      : undefined;
  fs.rmSync(summaryFile, { force: true });
  if (summary?.success) {
    // A crash after the tests ran (or a harness failure) must still count as a failure.
    const extraFailure = exitCode !== 0 && summary.data.failed === 0 ? 1 : 0;
    return { name: stage.name, passed: summary.data.passed, failed: summary.data.failed + extraFailure, seconds };
  }
  return { name: stage.name, passed: exitCode === 0 ? 1 : 0, failed: exitCode === 0 ? 0 : 1, seconds };
}

function selectedStages(): Stage[] {
  const index = process.argv.indexOf('--only');
  const wanted = index >= 0 ? (process.argv[index + 1] ?? '').split(',') : undefined;
  if (!wanted) return stages;
  const unknown = wanted.filter((name) => !stages.some((stage) => stage.name === name));
  if (unknown.length)
    throw new Error(`unknown stage(s) ${unknown.join(', ')}; stages: ${stages.map((s) => s.name).join(', ')}`);
  return stages.filter((stage) => wanted.includes(stage.name));
}

async function main(): Promise<void> {
  const outcomes: Outcome[] = [];
  for (const stage of selectedStages()) outcomes.push(await runStage(stage));
  // The lab stages leave the lab running for the next ones; nothing may outlive the run.
  const stopped = await stopLab().catch((error: unknown) => (console.error(`lab:stop failed: ${String(error)}`), true));
  if (stopped) console.log('\nStopped the pve2 lab.');
  console.log('\nStage        passed  failed   seconds');
  for (const o of outcomes)
    console.log(
      `${o.name.padEnd(12)} ${String(o.passed).padStart(6)}  ${String(o.failed).padStart(6)}  ${o.seconds.toFixed(1).padStart(8)}`,
    );
  const passed = outcomes.reduce((sum, o) => sum + o.passed, 0);
  const failed = outcomes.reduce((sum, o) => sum + o.failed, 0);
  console.log(`\n${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
