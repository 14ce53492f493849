import { ApiError } from '../api/apiError';
import { ROUTES } from '../api/apiRoutes';
import { matchRoute, validateParams, type Method } from '../api/routes';
import { FIELD_TABLES } from '../schemas/fieldTables';
import { toPerlJson } from '../output/perlJson';
import { formatApiText, type TextOptions } from '../output/textTable';
import { CliExit, parseCliArgs } from './cliArgs';

const COMMANDS: Record<string, Method> = { get: 'GET', create: 'POST', set: 'PUT', delete: 'DELETE' };
const FORMAT_OPTIONS = ['output-format', 'human-readable', 'noborder', 'noheader', 'quiet'];

function usage(cmd: string): string {
  return `pvesh ${cmd} <api_path> [OPTIONS] [FORMAT_OPTIONS]\n`;
}

function utf8Locale(): boolean {
  const lang = process.env.LC_ALL || process.env.LC_CTYPE || process.env.LANG || '';
  return /utf-?8/i.test(lang);
}

/** pvesh get|create|set|delete <api_path> [--param value] [--output-format ...] */
export async function pvesh(argv: string[]): Promise<number> {
  const args = [...argv];
  let noOutput = false;
  while (args[0] === '--noproxy' || args[0] === '--nooutput') {
    if (args.shift() === '--nooutput') noOutput = true;
  }
  const cmd = args.shift();
  if (!cmd || !(cmd in COMMANDS)) {
    if (cmd === 'ls' || cmd === 'usage' || cmd === 'help')
      throw new CliExit(255, `'pvesh ${cmd}' is not supported by the pve2 lab\n`);
    throw new CliExit(255, `ERROR: unknown command 'pvesh ${cmd ?? ''}'\nUSAGE: pvesh <COMMAND> [ARGS] [OPTIONS]\n`);
  }
  const method = COMMANDS[cmd] as Method;
  const parsed = parseCliArgs(args);
  const path = parsed.positional[0];
  if (path === undefined) throw new CliExit(255, `400 not enough arguments\n${usage(cmd)}`);
  if (parsed.positional.length > 1) throw new CliExit(255, `400 too many arguments\n${usage(cmd)}`);

  const found = matchRoute(ROUTES, method, path);
  if (!found) throw new CliExit(255, `no '${cmd}' handler for '${path}'\n`);
  const { route, uri } = found;

  const raw: Record<string, string> = {};
  const fmt: Record<string, string> = {};
  for (const [k, v] of parsed.options) {
    if (FORMAT_OPTIONS.includes(k)) {
      fmt[k] = v ?? '1';
      continue;
    }
    if (!(k in route.params)) throw new CliExit(255, `Unknown option: ${k}\n400 unable to parse option\n${usage(cmd)}`);
    const isBool = route.params[k]?.type === 'boolean';
    if (v === undefined && !isBool)
      throw new CliExit(255, `Option ${k} requires an argument\n400 unable to parse option\n${usage(cmd)}`);
    raw[k] = v ?? '1';
  }
  const format = fmt['output-format'] ?? 'text';
  if (!['text', 'json', 'json-pretty', 'yaml'].includes(format)) {
    throw new CliExit(
      255,
      `400 Parameter verification failed.\noutput-format: value '${format}' does not have a value in the enumeration 'text, json, json-pretty, yaml'\n${usage(cmd)}`,
    );
  }

  let data: unknown;
  try {
    const params = validateParams(route.params, raw);
    data = await route.handler(uri, params);
  } catch (err) {
    if (err instanceof ApiError) {
      const extra = err.message.startsWith('400 Parameter verification failed.') ? usage(cmd) : '';
      throw new CliExit(err.exitCode, `${err.message}\n${extra}`);
    }
    throw err;
  }
  if (noOutput || fmt.quiet === '1' || route.returns === 'null') return 0;
  process.stdout.write(render(data, route.returns, FIELD_TABLES[route.path] ?? {}, format, fmt));
  return 0;
}

function render(
  data: unknown,
  kind: 'array' | 'object' | 'scalar' | 'null',
  fields: Record<string, never> | object,
  format: string,
  fmt: Record<string, string>,
): string {
  if (format === 'json') return `${toPerlJson(data)}\n`;
  if (format === 'json-pretty') return toPerlJson(data, true);
  if (format === 'yaml') return toYaml(data);
  const opts: TextOptions = {
    humanReadable: fmt['human-readable'] !== '0',
    noborder: fmt.noborder === '1',
    noheader: fmt.noheader === '1',
    utf8: utf8Locale(),
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
  };
  return formatApiText(data, kind, fields as never, opts);
}

/** Minimal YAML::XS-like dump for the shapes the API returns. */
function toYaml(data: unknown): string {
  const scalar = (v: unknown): string =>
    typeof v === 'string' ? (/^[\w./@:-]+$/.test(v) && !/^\d/.test(v) ? v : JSON.stringify(v)) : String(v);
  const lines: string[] = ['---'];
  const walk = (v: unknown, indent: string): void => {
    if (Array.isArray(v)) {
      for (const item of v) {
        if (item && typeof item === 'object') {
          lines.push(`${indent}-`);
          walk(item, `${indent}  `);
        } else lines.push(`${indent}- ${scalar(item)}`);
      }
    } else if (v && typeof v === 'object') {
      for (const k of Object.keys(v).sort()) {
        const val = (v as Record<string, unknown>)[k];
        if (val && typeof val === 'object') {
          lines.push(`${indent}${k}:`);
          walk(val, `${indent}  `);
        } else lines.push(`${indent}${k}: ${scalar(val)}`);
      }
    } else lines.push(`${indent}${scalar(v)}`);
  };
  walk(data, '');
  return `${lines.join('\n')}\n`;
}
