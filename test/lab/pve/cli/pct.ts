import { spawn } from 'node:child_process';
import { ApiError } from '../api/apiError';
import { formatPctConfig, listLxc, lxcPower } from '../api/lxcHandlers';
import { ConfigNotFoundError, readLxcConfig, removeLock } from '../config/lxcConfig';
import { isRunning } from '../config/guestRuntime';
import { guestRootfsPath, hostPath } from '../labPaths';
import { CliExit, parseCliArgs } from './cliArgs';

const USAGE: Record<string, string> = {
  list: 'pct list',
  config: 'pct config <vmid> [OPTIONS]',
  status: 'pct status <vmid> [OPTIONS]',
  start: 'pct start <vmid> [OPTIONS]',
  stop: 'pct stop <vmid> [OPTIONS]',
  shutdown: 'pct shutdown <vmid> [OPTIONS]',
  reboot: 'pct reboot <vmid> [OPTIONS]',
  unlock: 'pct unlock <vmid>',
  enter: 'pct enter <vmid> [OPTIONS]',
};

function vmidArg(cmd: string, positional: string[]): number {
  const v = positional[0];
  if (v === undefined) throw new CliExit(255, `400 not enough arguments\n${USAGE[cmd] ?? ''}\n`);
  if (!/^[1-9][0-9]{2,8}$/.test(v))
    throw new CliExit(
      255,
      `400 Parameter verification failed.\nvmid: invalid format - value does not look like a valid VM ID\n\n${USAGE[cmd] ?? ''}\n`,
    );
  return Number(v);
}

function requireConfig(vmid: number): void {
  try {
    readLxcConfig(vmid);
  } catch (err) {
    if (err instanceof ConfigNotFoundError) throw new CliExit(255, `${err.message}\n`);
    throw err;
  }
}

/** pct list|config|status|start|stop|shutdown|reboot|unlock|enter */
export async function pct(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  const { positional } = parseCliArgs(rest);
  switch (cmd) {
    case 'list': {
      const rows = listLxc().sort((a, b) => Number(a.vmid) - Number(b.vmid));
      if (rows.length === 0) return 0;
      const line = (a: string, b: string, c: string, d: string): string =>
        `${a.padEnd(10)} ${b.padEnd(10)} ${c.padEnd(12)} ${d.padEnd(20)}\n`;
      let out = line('VMID', 'Status', 'Lock', 'Name');
      for (const r of rows)
        out += line(
          String(r.vmid),
          String(r.status),
          typeof r.lock === 'string' ? r.lock : '',
          typeof r.name === 'string' ? r.name : '',
        );
      process.stdout.write(out);
      return 0;
    }
    case 'config': {
      const vmid = vmidArg(cmd, positional);
      requireConfig(vmid);
      process.stdout.write(formatPctConfig(vmid));
      return 0;
    }
    case 'status': {
      const vmid = vmidArg(cmd, positional);
      requireConfig(vmid);
      process.stdout.write(`status: ${isRunning(vmid) ? 'running' : 'stopped'}\n`);
      return 0;
    }
    case 'start':
    case 'stop':
    case 'shutdown':
    case 'reboot': {
      const vmid = vmidArg(cmd, positional);
      requireConfig(vmid);
      try {
        return (await lxcPower(vmid, cmd, true)).exitCode;
      } catch (err) {
        if (err instanceof ApiError) throw new CliExit(255, `${err.message}\n`);
        throw err;
      }
    }
    case 'unlock': {
      const vmid = vmidArg(cmd, positional);
      requireConfig(vmid);
      removeLock(vmid);
      return 0;
    }
    case 'enter': {
      const vmid = vmidArg(cmd, positional);
      requireConfig(vmid);
      if (!isRunning(vmid)) throw new CliExit(255, `CT ${vmid} not running\n`);
      const hostname = readLxcConfig(vmid).entries.get('hostname') ?? `CT${vmid}`;
      // the lab has no container runtime: a shell in the guest's root directory stands in for lxc-attach
      const child = spawn('/bin/bash', ['--norc', '-i'], {
        cwd: hostPath(guestRootfsPath(vmid)),
        stdio: 'inherit',
        env: { ...process.env, PS1: `root@${hostname}:\\w# `, HOSTNAME: hostname },
      });
      return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 0)));
    }
    default:
      throw new CliExit(
        255,
        `ERROR: unknown command 'pct${cmd ? ` ${cmd}` : ''}'\nUSAGE: pct <COMMAND> [ARGS] [OPTIONS]\n${Object.values(
          USAGE,
        )
          .map((u) => `       ${u}`)
          .join('\n')}\n`,
      );
  }
}
