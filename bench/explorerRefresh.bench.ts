import { spawn } from 'node:child_process';
import { describeGuest, guestContextValue } from '../src/domain/proxmox/inventory';
import { HostModel } from '../src/pve/hostModel';
import { openConnection } from '../src/remote/connect';
import { resetLab } from '../test/lab/runtime/labClient';
import { labDeps, rootTarget } from '../test/integration/ssh/labFixture';

// Explorer refresh on a host with 1,000 guests (lab state many-guests) against the bare
// `ssh host pvesh get /cluster/resources --output-format json`, in the same run. The refresh is
// what HostModel.reload does plus describing every guest row; VS Code's own drawing is not in it.
// Goal (issue 5): ratio at most 1.2.

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function bareSsh(sshConfig: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let bytes = 0;
    const child = spawn(
      'ssh',
      ['-F', sshConfig, 'pve2', 'pvesh', 'get', '/cluster/resources', '--output-format', 'json'],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    child.stdout.on('data', (chunk: Buffer) => (bytes += chunk.length));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(bytes) : reject(new Error(`ssh exited with ${String(code)}`))));
  });
}

async function main(): Promise<void> {
  const lab = await resetLab('seed', 'many-guests');
  const connection = await openConnection(rootTarget(lab), labDeps(lab));
  const data = new HostModel(() => Promise.resolve(connection));
  try {
    const guests = (await data.inventory('pve2')).guests.length;
    const refresh: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      let started = performance.now();
      await data.reload('pve2');
      const inventory = await data.inventory('pve2');
      const rows = inventory.guests.map((guest) => [describeGuest(guest), guestContextValue(guest)]);
      if (rows.length !== guests) throw new Error('lost guests on refresh');
      refresh.push(performance.now() - started);
      started = performance.now();
      await bareSsh(lab.sshConfigPath);
      bare.push(performance.now() - started);
    }
    const ours = median(refresh);
    const baseline = median(bare);
    console.log(
      `explorer refresh (${guests} guests, median of ${ROUNDS}): ${ours.toFixed(0)} ms; bare ssh pvesh get /cluster/resources: ${baseline.toFixed(0)} ms; ratio ${(ours / baseline).toFixed(2)} (goal <= 1.2)`,
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
