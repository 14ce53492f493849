import { formatQmConfig, listQemu } from '../api/qemuHandlers';
import { readGuestState } from '../config/guestRuntime';
import { ConfigNotFoundError } from '../config/lxcConfig';
import { readQemuConfig, updateQemuConfig } from '../config/qemuConfig';
import { CliExit, parseCliArgs } from './cliArgs';

const USAGE: Record<string, string> = {
  list: 'qm list  [OPTIONS]',
  config: 'qm config <vmid> [OPTIONS]',
  status: 'qm status <vmid> [OPTIONS]',
  unlock: 'qm unlock <vmid>',
};

/** Power commands exist on a real node; the lab has no QEMU to run. */
const UNSUPPORTED = ['start', 'stop', 'shutdown', 'reboot', 'reset', 'suspend', 'resume'];

function vmidArg(cmd: string, positional: string[]): number {
  const v = positional[0];
  if (v === undefined)
    throw new CliExit(255, `400 not enough arguments\n${USAGE[cmd] ?? `qm ${cmd} <vmid> [OPTIONS]`}\n`);
  if (!/^[1-9][0-9]{2,8}$/.test(v)) {
    throw new CliExit(
      255,
      `400 Parameter verification failed.\nvmid: invalid format - value does not look like a valid VM ID\n\n${USAGE[cmd] ?? ''}\n`,
    );
  }
  try {
    readQemuConfig(Number(v));
  } catch (err) {
    if (err instanceof ConfigNotFoundError) throw new CliExit(255, `${err.message}\n`);
    throw err;
  }
  return Number(v);
}

/**
 * qm list|status|config|unlock. `qm list` prints nothing at all without VMs, else
 * printf "%10s %-20s %-10s %-10s %12.2f %-10s\n" per VM (qemu-server src/PVE/CLI/qm.pm).
 */
export function qm(argv: string[]): number {
  const [cmd, ...rest] = argv;
  const { positional } = parseCliArgs(rest);
  switch (cmd) {
    case 'list': {
      const rows = listQemu(false).sort((a, b) => Number(a.vmid) - Number(b.vmid));
      if (rows.length === 0) return 0;
      let out = `${'VMID'.padStart(10)} ${'NAME'.padEnd(20)} ${'STATUS'.padEnd(10)} ${'MEM(MB)'.padEnd(10)} ${'BOOTDISK(GB)'.padStart(12)} ${'PID'.padEnd(10)}\n`;
      for (const r of rows) {
        const mem = String(Number(r.maxmem ?? 0) / (1024 * 1024));
        const disk = (Number(r.maxdisk ?? 0) / 1024 ** 3).toFixed(2);
        out += `${String(r.vmid).padStart(10)} ${String(r.name).padEnd(20)} ${String(r.status).padEnd(10)} ${mem.padEnd(10)} ${disk.padStart(12)} ${String(Number(r.pid ?? 0)).padEnd(10)}\n`;
      }
      process.stdout.write(out);
      return 0;
    }
    case 'status': {
      const vmid = vmidArg(cmd, positional);
      // vmstatus($vmid, 1): qmpstatus, which is the plain status for a stopped VM
      process.stdout.write(`status: ${readGuestState(vmid).status}\n`);
      return 0;
    }
    case 'config':
      process.stdout.write(formatQmConfig(vmidArg(cmd, positional)));
      return 0;
    case 'unlock': {
      const vmid = vmidArg(cmd, positional);
      updateQemuConfig(vmid, (conf) => conf.entries.delete('lock'));
      return 0;
    }
    default:
      if (cmd && UNSUPPORTED.includes(cmd)) {
        vmidArg(cmd, positional);
        throw new CliExit(255, `'qm ${cmd}' is not supported by the pve2 lab (it has no QEMU)\n`);
      }
      throw new CliExit(
        255,
        `ERROR: unknown command 'qm${cmd ? ` ${cmd}` : ''}'\nUSAGE: qm <COMMAND> [ARGS] [OPTIONS]\n`,
      );
  }
}
