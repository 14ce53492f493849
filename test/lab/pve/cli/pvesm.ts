import { storageContent, StorageUnavailableError } from '../api/storageContent';
import { storageStatuses } from '../api/storageStatus';
import { CliExit, parseCliArgs } from './cliArgs';

/** pvesm status [--storage ID] [--content TYPE] [--enabled]: values in KiB, PVE 8 headings. */
function status(options: Array<[string, string | undefined]>): number {
  const opt = Object.fromEntries(options);
  let list = storageStatuses();
  if (opt.storage) list = list.filter((s) => s.storage === opt.storage);
  if (opt.content) list = list.filter((s) => s.content.split(',').includes(opt.content ?? ''));
  if ('enabled' in opt) list = list.filter((s) => s.enabled === 1);
  for (const s of list) if (s.error) process.stderr.write(`${s.error}\n\n`);
  const maxlen = Math.max(0, ...list.map((s) => s.storage.length)) + 1;
  let out = `${'Name'.padEnd(maxlen)} ${'Type'.padStart(10)} ${'Status'.padStart(10)} ${'Total'.padStart(15)} ${'Used'.padStart(15)} ${'Available'.padStart(15)} ${'%'.padStart(8)}\n`;
  for (const s of [...list].sort((a, b) => (a.storage < b.storage ? -1 : 1))) {
    let active = s.active ? 'active' : 'inactive';
    let per = `${(s.total > 0 ? (s.used * 100) / s.total : 0).toFixed(2).padStart(7)}%`;
    if (!s.enabled) {
      active = 'disabled';
      per = 'N/A'.padStart(8);
    }
    const kib = (n: number): string => String(Math.floor(n / 1024)).padStart(15);
    out += `${s.storage.padEnd(maxlen)} ${s.type.padStart(10)} ${active.padStart(10)} ${kib(s.total)} ${kib(s.used)} ${kib(s.avail)} ${per}\n`;
  }
  process.stdout.write(out);
  return 0;
}

/** pvesm list <storage> [--content TYPE] [--vmid ID] */
function list(positional: string[], options: Array<[string, string | undefined]>): number {
  const id = positional[0];
  if (!id) throw new CliExit(255, '400 not enough arguments\npvesm list <storage> [OPTIONS]\n');
  const opt = Object.fromEntries(options);
  let vols;
  try {
    vols = storageContent(id, { content: opt.content, vmid: opt.vmid ? Number(opt.vmid) : undefined });
  } catch (err) {
    if (err instanceof StorageUnavailableError) throw new CliExit(255, `${err.message}\n`);
    throw err;
  }
  const maxName = Math.max(0, ...vols.map((v) => v.volid.length));
  const digits = String(Math.max(0, ...vols.map((v) => v.size))).length;
  const base = (a: string, b: string, c: string, d: string): string =>
    `${a.padEnd(maxName)} ${b.padEnd(7)} ${c.padEnd(9)} ${d.padStart(digits)}`;
  let out = `${base('Volid', 'Format', 'Type', 'Size')} VMID\n`;
  for (const v of vols) if (v.vmid) out += `${base(v.volid, v.format, v.content, String(v.size))} ${v.vmid}\n`;
  for (const v of [...vols]
    .filter((x) => !x.vmid)
    .sort((a, b) => (a.format < b.format ? -1 : a.format > b.format ? 1 : 0))) {
    out += `${base(v.volid, v.format, v.content, String(v.size))}\n`;
  }
  process.stdout.write(out);
  return 0;
}

export function pvesm(argv: string[]): number {
  const [cmd, ...rest] = argv;
  const { positional, options } = parseCliArgs(rest);
  if (cmd === 'status') return status(options);
  if (cmd === 'list') return list(positional, options);
  throw new CliExit(
    255,
    `ERROR: unknown command 'pvesm${cmd ? ` ${cmd}` : ''}'\nUSAGE: pvesm <COMMAND> [ARGS] [OPTIONS]\n`,
  );
}
