import { CliExit, parseCliArgs } from './cliArgs';

/** qm: the seed has no VMs, so `qm list` prints nothing at all, like the real one. */
export function qm(argv: string[]): number {
  const [cmd, ...rest] = argv;
  const { positional } = parseCliArgs(rest);
  if (cmd === 'list') return 0;
  if (cmd && ['config', 'status', 'start', 'stop', 'shutdown', 'unlock'].includes(cmd)) {
    const vmid = positional[0];
    if (!vmid) throw new CliExit(255, `400 not enough arguments\nqm ${cmd} <vmid> [OPTIONS]\n`);
    throw new CliExit(255, `Configuration file 'nodes/pve2/qemu-server/${vmid}.conf' does not exist\n`);
  }
  throw new CliExit(255, `ERROR: unknown command 'qm${cmd ? ` ${cmd}` : ''}'\nUSAGE: qm <COMMAND> [ARGS] [OPTIONS]\n`);
}
