import * as fs from 'node:fs';
import { ApiError } from '../api/apiError';
import { startVzdump } from '../api/vzdumpHandlers';
import { VZDUMP_OPTIONS } from '../config/vzdumpOptions';
import { hostPath, PATHS } from '../labPaths';
import { decodeUpid } from '../tasks/upid';
import { CliExit, parseCliArgs } from './cliArgs';

const USAGE = 'vzdump help [<extra-args>] [OPTIONS]\nvzdump {<vmid>} [OPTIONS]\n';

/** vzdump --stop: TERM the job that holds the global lock (its UPID is in vzdump.pid). */
function stopRunningBackups(): void {
  let upid: string;
  try {
    upid = fs.readFileSync(hostPath(PATHS.vzdumpPid), 'utf8').trim();
  } catch {
    return;
  }
  const task = decodeUpid(upid);
  if (!task) return;
  try {
    process.kill(task.pid, 'SIGTERM');
  } catch {
    // not running
  }
}

/** vzdump {<vmid>} [OPTIONS]: runs the job in the foreground, printing the task log. */
export async function vzdumpCli(argv: string[]): Promise<number> {
  const { positional, options } = parseCliArgs(argv);
  const params: Record<string, string> = {};
  if (positional.length > 0) params.vmid = positional.join(' ');
  for (const [k, v] of options) {
    const spec = VZDUMP_OPTIONS[k];
    if (!spec && k !== 'stdout') throw new CliExit(255, `Unknown option: ${k}\n400 unable to parse option\n${USAGE}`);
    const value = v ?? (spec?.type === 'boolean' || k === 'stdout' ? '1' : undefined);
    if (value === undefined)
      throw new CliExit(255, `Option ${k} requires an argument\n400 unable to parse option\n${USAGE}`);
    params[k] = k === 'exclude-path' && params[k] !== undefined ? `${params[k]}\0${value}` : value;
  }
  if (params.stop === '1') stopRunningBackups();
  try {
    const res = await startVzdump(params, { sync: true, cli: true });
    return res === 'OK' ? 0 : res.exitCode;
  } catch (err) {
    if (err instanceof ApiError) {
      throw new CliExit(255, `${err.message}\n${err.message.startsWith('400 ') ? `\n${USAGE}` : ''}`);
    }
    throw err;
  }
}
