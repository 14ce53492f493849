import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as z from '../schemas/z';
import { hostPath, NODE_NAME } from '../labPaths';
import { readProcStartTime } from './procStat';
import { readTaskStatus, refreshActiveTasks } from './taskStore';
import { TaskLogger } from './taskLogger';
import { encodeUpid, taskLogPath } from './upid';

/** What a worker process runs; validated when the worker starts. */
export const WorkerSpecSchema = z.object({
  type: z.string(),
  id: z.string(),
  user: z.string(),
  starttime: z.number().int(),
  sync: z.boolean(),
  job: z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('lxc-power'),
      action: z.enum(['start', 'stop', 'shutdown', 'reboot']),
      vmid: z.number().int(),
    }),
    z.object({
      kind: z.literal('vzdump'),
      params: z.record(z.string(), z.string()),
      cmdline: z.string(),
      hang: z.boolean().default(false),
    }),
  ]),
});
export type WorkerSpec = z.infer<typeof WorkerSpecSchema>;
export type WorkerJob = WorkerSpec['job'];

/** Thrown by a job to end like Perl's exit(-1) inside a worker: no TASK line is written. */
export class ExitWithoutStatus extends Error {}

export type JobRunner = (job: WorkerJob, log: TaskLogger, upid: string) => Promise<void>;

/** Path of the bundle that contains every tool (set by the entry point). */
let bundlePath = '';
export function setBundlePath(p: string): void {
  bundlePath = p;
}

/**
 * fork_worker: starts the job in a new session (so a task stop can kill its process group) and
 * returns its UPID. With sync (CLI), relays the output and resolves with the exit code.
 */
export async function forkWorker(
  type: string,
  id: string,
  job: WorkerJob,
  opts: { sync: boolean; user?: string },
): Promise<{ upid: string; exitCode: number }> {
  const spec: WorkerSpec = {
    type,
    id,
    user: opts.user ?? 'root@pam',
    starttime: Math.floor(Date.now() / 1000),
    sync: opts.sync,
    job,
  };
  const encoded = Buffer.from(JSON.stringify(spec)).toString('base64');
  const child = spawn(process.execPath, [bundlePath, '__worker', encoded], {
    detached: true,
    stdio: ['pipe', opts.sync ? 'inherit' : 'ignore', opts.sync ? 'inherit' : 'ignore'],
    env: process.env,
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('unable to fork worker');
  const pstart = readProcStartTime(pid);
  if (pstart === undefined) throw new Error('unable to read process start time');
  const upid = encodeUpid({ node: NODE_NAME, pid, pstart, starttime: spec.starttime, type, id, user: spec.user });
  const logFile = hostPath(taskLogPath(upid));
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  fs.writeFileSync(logFile, '', { flag: 'a' });
  refreshActiveTasks({ upid });
  child.stdin?.end('OK');

  if (!opts.sync) {
    child.unref();
    return { upid, exitCode: 0 };
  }
  // CLI: forward Ctrl-C/TERM to the worker's process group, KILL after three tries (tee_worker)
  let interrupts = 0;
  const forward = (): void => {
    try {
      process.kill(-pid, interrupts++ < 3 ? 'SIGTERM' : 'SIGKILL');
    } catch {
      // already gone
    }
  };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  const exitCode = await new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 255)));
  const status = readTaskStatus(upid);
  if (status !== 'OK' && !/^WARNINGS: \d+$/.test(status)) {
    const m = /^TASK ERROR: (.*)$/m.exec(fs.readFileSync(logFile, 'utf8').split('\n').filter(Boolean).pop() ?? '');
    process.stderr.write(`${m ? m[1] : status}\n`);
    return { upid, exitCode: 255 };
  }
  if (/^WARNINGS: (\d+)$/.test(status)) process.stderr.write(`Task finished with ${status.slice(10)} warning(s)!\n`);
  return { upid, exitCode };
}

/** The worker side: compute our own UPID, wait for the parent, run the job, write the status. */
export async function runWorker(encodedSpec: string, runJob: JobRunner): Promise<never> {
  const spec = WorkerSpecSchema.parse(JSON.parse(Buffer.from(encodedSpec, 'base64').toString('utf8')));
  const pstart = readProcStartTime(process.pid) ?? 0;
  const upid = encodeUpid({
    node: NODE_NAME,
    pid: process.pid,
    pstart,
    starttime: spec.starttime,
    type: spec.type,
    id: spec.id,
    user: spec.user,
  });
  process.title = `task ${upid}`;

  const ready = await readAll(process.stdin);
  if (ready !== 'OK') process.exit(1);

  const log = new TaskLogger(hostPath(taskLogPath(upid)), spec.sync);
  let final: string | undefined;
  let exitCode = 0;
  try {
    await runJob(spec.job, log, upid);
    final = log.warningCount > 0 ? `TASK WARNINGS: ${log.warningCount}` : 'TASK OK';
  } catch (err) {
    if (err instanceof ExitWithoutStatus) {
      exitCode = 255;
      // sync CLI: the parent finds no control message and records that as the error
      if (spec.sync) final = '\nTASK ERROR: got unexpected control message:  ';
    } else {
      const msg = (err instanceof Error ? err.message : String(err)).replace(/\n+$/, '').replace(/\n/g, ' ');
      final = `${spec.sync ? '\n' : ''}TASK ERROR: ${msg}`;
      exitCode = 255;
    }
  }
  if (final !== undefined) fs.appendFileSync(hostPath(taskLogPath(upid)), `${final}\n`);
  refreshActiveTasks({ upid }, { endtime: Math.floor(Date.now() / 1000), status: readTaskStatus(upid) });
  process.exit(exitCode);
}

function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve) => {
    let data = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => (data += chunk));
    stream.on('end', () => resolve(data));
    stream.on('error', () => resolve(data));
  });
}
