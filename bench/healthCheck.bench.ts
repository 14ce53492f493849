import { spawn } from 'node:child_process';
import { quoteShellArg } from '../src/domain/shell/shellQuote';
import type { RemoteCommand, RemoteOperation } from '../src/domain/shell/remoteOperation';
import type { HostConnection } from '../src/pve/connection';
import { HostModel } from '../src/pve/hostModel';
import { HealthCheckRun } from '../src/pve/health/healthCheckRun';
import { openConnection } from '../src/remote/connect';
import { resetLab } from '../test/lab/runtime/labClient';
import { labDeps, quietLogger, rootTarget } from '../test/integration/ssh/labFixture';

// "Check Host Health" on the lab's seed: the whole run (every check, in parallel over one SSH
// connection) against the same remote commands run one after another with the OpenSSH client,
// as an admin working through runbook section 6 by hand would. Goal (issue 10): under 10 s.

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function openSsh(sshConfig: string, command: RemoteCommand): Promise<void> {
  const [args, input] =
    'script' in command ? [['bash', '-s'], command.script] : [command.argv.map(quoteShellArg), command.stdin];
  return new Promise((resolve, reject) => {
    const child = spawn('ssh', ['-F', sshConfig, 'pve2', ...args], { stdio: ['pipe', 'ignore', 'ignore'] });
    child.stdin.end(input ?? '');
    child.once('error', reject);
    child.once('exit', () => resolve());
  });
}

async function main(): Promise<void> {
  const lab = await resetLab('seed');
  const connection = await openConnection(rootTarget(lab), labDeps(lab));
  const commands: RemoteCommand[] = [];
  const recording: HostConnection = {
    run: <T>(op: RemoteOperation<T>) => (commands.push(op.command), connection.run(op)),
    sftp: () => connection.sftp(),
    get closed() {
      return connection.closed;
    },
    onClose: (listener) => connection.onClose(listener),
  };
  const data = new HostModel(() => Promise.resolve(recording));
  const policy = () => ({ maxBackupAgeDays: 7, modeByGuest: {}, checkTimeoutMs: 20_000 });
  try {
    const ours: number[] = [];
    const byHand: number[] = [];
    let findings = 0;
    for (let i = 0; i < ROUNDS; i++) {
      commands.length = 0;
      const run = new HealthCheckRun(data, 'pve2', 'pve2', policy, quietLogger, () => undefined);
      let started = performance.now();
      await run.runAll();
      ours.push(performance.now() - started);
      const state = run.state();
      if (state.checks.some((c) => c.state !== 'done'))
        throw new Error(`a check failed to run: ${JSON.stringify(state.checks.filter((c) => c.state !== 'done'))}`);
      findings = state.counts.pass + state.counts.warning + state.counts.failure;
      started = performance.now();
      for (const command of [...commands]) await openSsh(lab.sshConfigPath, command);
      byHand.push(performance.now() - started);
    }
    const a = median(ours);
    const b = median(byHand);
    console.log(
      `health check of the lab (${commands.length} remote commands, ${findings} findings, median of ${ROUNDS}): ${a.toFixed(0)} ms; the same commands one by one with OpenSSH: ${b.toFixed(0)} ms; ratio ${(a / b).toFixed(2)} (goal: whole check < 10 s)`,
    );
  } finally {
    connection.close();
    await resetLab('seed');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
