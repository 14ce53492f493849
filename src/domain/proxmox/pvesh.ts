import type { z } from 'zod';
import { RemoteCommandError, type CollectedOutput, type RemoteOperation } from '../shell/remoteOperation';
import { extractJson, validate } from './pveshJson';
import { parseUpid } from './upid';

type Params = Record<string, string | number | boolean | undefined>;

/** Builds an API path from segments, refusing anything that could change its meaning. */
export function apiPath(...segments: Array<string | number>): string {
  return `/${segments
    .map((segment) => {
      const text = String(segment);
      if (!/^[\w.:@!-]+$/.test(text)) throw new Error(`"${text}" is not a valid part of a Proxmox API path`);
      return text;
    })
    .join('/')}`;
}

function paramArgs(params: Params): string[] {
  return Object.entries(params).flatMap(([key, value]) =>
    value === undefined ? [] : [`--${key}`, typeof value === 'boolean' ? (value ? '1' : '0') : String(value)],
  );
}

function checkExit(commandText: string, output: CollectedOutput): void {
  if (output.exitCode !== 0) throw new RemoteCommandError(commandText, output);
}

/** `pvesh get PATH --output-format json`, validated. */
export function pveshGet<T>(path: string, schema: z.ZodType<T>, params: Params = {}): RemoteOperation<T> {
  const text = `pvesh get ${path}`;
  return {
    command: { argv: ['pvesh', 'get', path, ...paramArgs(params), '--output-format', 'json'] },
    parse: (output) => {
      checkExit(text, output);
      return validate(schema, extractJson(output.stdout, text), text);
    },
  };
}

/** `pvesh create PATH`, for calls that start a task: resolves with its UPID. */
export function pveshCreateTask(path: string, params: Params = {}): RemoteOperation<string> {
  const text = `pvesh create ${path}`;
  return {
    command: { argv: ['pvesh', 'create', path, ...paramArgs(params), '--output-format', 'json'] },
    parse: (output) => {
      checkExit(text, output);
      const upid = extractJson(output.stdout, text);
      if (typeof upid !== 'string' || !parseUpid(upid)) throw new Error(`${text} did not answer with a task id (UPID)`);
      return upid;
    },
  };
}

/** `pvesh delete PATH` (e.g. stopping a task). */
export function pveshDelete(path: string): RemoteOperation<void> {
  const text = `pvesh delete ${path}`;
  return { command: { argv: ['pvesh', 'delete', path] }, parse: (output) => checkExit(text, output) };
}

/** A plain command whose output is used as text (e.g. `pct config`). */
export function commandText(argv: readonly string[]): RemoteOperation<string> {
  const text = argv.join(' ');
  return {
    command: { argv },
    parse: (output) => {
      checkExit(text, output);
      return output.stdout;
    },
  };
}
