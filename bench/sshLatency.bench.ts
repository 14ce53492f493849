import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openConnection } from '../src/remote/connect';
import { ensureLab, labDeps, rootTarget } from '../test/integration/ssh/labFixture';

// The SSH layer against the OpenSSH client reusing a ControlMaster connection to the same lab,
// in the same run: median latency of a trivial command, and throughput of a large output.
// Goals (issue 4): latency ratio at most 1.0, throughput ratio at least 1.5.

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
const BYTES = 256 * 1024 * 1024;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function runSsh(args: string[], sink?: (chunk: Buffer) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('ssh', args, { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (chunk: Buffer) => sink?.(chunk));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ssh exited with ${String(code)}`))));
  });
}

async function main(): Promise<void> {
  const lab = await ensureLab();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'pve-ops-bench-'));
  const controlPath = path.join(scratch, 'cm');
  const common = [
    '-p',
    String(lab.port),
    '-i',
    lab.clientKeyPath,
    '-o',
    `UserKnownHostsFile=${lab.knownHostsPath}`,
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    'BatchMode=yes',
    '-o',
    `ControlPath=${controlPath}`,
  ];
  const master = spawnSync('ssh', [
    ...common,
    '-o',
    'ControlMaster=yes',
    '-o',
    'ControlPersist=300',
    '-fN',
    `root@${lab.host}`,
  ]);
  if (master.status !== 0) throw new Error(`could not start the OpenSSH ControlMaster: ${master.stderr.toString()}`);
  const connection = await openConnection(rootTarget(lab), labDeps(lab));
  try {
    // warm both paths once
    await runSsh([...common, `root@${lab.host}`, 'true']);
    await connection.collect({ argv: ['true'] });

    const ours: number[] = [];
    const openssh: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      let started = performance.now();
      await connection.collect({ argv: ['true'] });
      ours.push(performance.now() - started);
      started = performance.now();
      await runSsh([...common, `root@${lab.host}`, 'true']);
      openssh.push(performance.now() - started);
    }
    const latencyOurs = median(ours);
    const latencyOpenssh = median(openssh);

    let received = 0;
    let started = performance.now();
    await connection.exec(
      { argv: ['head', '-c', String(BYTES), '/dev/zero'] },
      { onStdout: (chunk) => (received += chunk.length) },
    );
    const oursSeconds = (performance.now() - started) / 1000;
    if (received !== BYTES) throw new Error(`received ${received} of ${BYTES} bytes`);
    received = 0;
    started = performance.now();
    await runSsh([...common, `root@${lab.host}`, `head -c ${BYTES} /dev/zero`], (chunk) => (received += chunk.length));
    const opensshSeconds = (performance.now() - started) / 1000;
    if (received !== BYTES) throw new Error(`OpenSSH delivered ${received} of ${BYTES} bytes`);

    const mb = BYTES / 1024 / 1024;
    console.log(
      `ssh latency  (median of ${ROUNDS} runs of \`true\`): pve-ops ${latencyOurs.toFixed(1)} ms, OpenSSH ControlMaster ${latencyOpenssh.toFixed(1)} ms, ratio ${(latencyOurs / latencyOpenssh).toFixed(2)} (goal <= 1.0)`,
    );
    console.log(
      `ssh throughput (${mb} MiB of output): pve-ops ${(mb / oursSeconds).toFixed(0)} MiB/s, OpenSSH ControlMaster ${(mb / opensshSeconds).toFixed(0)} MiB/s, ratio ${(opensshSeconds / oursSeconds).toFixed(2)} (goal >= 1.5)`,
    );
  } finally {
    connection.close();
    spawnSync('ssh', [...common, '-O', 'exit', `root@${lab.host}`], { stdio: 'ignore' });
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
