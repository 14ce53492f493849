import { execFile } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import type { HostConfig } from '../domain/hosts/hostConfig';
import { listHostAliases, parseProxyJump, parseSshG, type ResolvedSshConfig } from '../domain/ssh/sshConfig';
import { expandHome } from './auth';
import type { ConnectTarget } from './connect';

/** Asks the local OpenSSH client how it would connect (`ssh -G`), so ~/.ssh/config means what it means to ssh. */
export function sshG(alias: string, overrides: { port?: number; user?: string } = {}): Promise<ResolvedSshConfig> {
  const args = [
    '-G',
    ...(overrides.port ? ['-p', String(overrides.port)] : []),
    ...(overrides.user ? ['-l', overrides.user] : []),
    '--',
    alias,
  ];
  return new Promise((resolve, reject) =>
    execFile('ssh', args, { timeout: 10_000 }, (error, stdout, stderr) => {
      if (error) {
        const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
        reject(
          new Error(
            missing
              ? 'The OpenSSH client (ssh) is not installed, so ~/.ssh/config cannot be read; set host, port and user in pve.hosts.'
              : `ssh -G ${alias} failed: ${stderr.trim() || error.message}`,
          ),
        );
        return;
      }
      try {
        resolve(parseSshG(stdout));
      } catch (parseError) {
        reject(parseError instanceof Error ? parseError : new Error(String(parseError)));
      }
    }),
  );
}

/** Turns a `pve.hosts` entry into a connect target, with ~/.ssh/config applied as OpenSSH would. */
export async function resolveTarget(
  host: HostConfig,
  resolve = sshG,
): Promise<{ target: ConnectTarget; knownHostsFiles: string[]; agent?: string }> {
  const resolved = await resolve(host.host, { port: host.port, user: host.username });
  const username = host.username ?? resolved.user;
  const jumpSpecs = parseProxyJump(host.proxyJump ?? resolved.proxyJump ?? '');
  const jumps = await Promise.all(
    jumpSpecs.map(async (jump) => {
      const hop = await resolve(jump.host, { port: jump.port, user: jump.user });
      return { host: hop.hostname, port: hop.port, username: jump.user ?? hop.user, identityFiles: hop.identityFiles };
    }),
  );
  return {
    target: {
      host: resolved.hostname,
      port: resolved.port,
      username,
      identityFiles: [...(host.identityFile ? [host.identityFile] : []), ...resolved.identityFiles],
      jumps,
      sudo: host.sudo ?? username !== 'root',
    },
    knownHostsFiles: resolved.knownHostsFiles,
    agent: resolved.identityAgent ? expandHome(resolved.identityAgent) : undefined,
  };
}

/** Aliases from ~/.ssh/config and the files it includes, for "Add Host…". */
export async function listSshConfigAliases(configFile = path.join(os.homedir(), '.ssh', 'config')): Promise<string[]> {
  const seen = new Set<string>();
  const aliases: string[] = [];
  const visit = async (file: string, depth: number): Promise<void> => {
    if (depth > 8 || seen.has(file)) return;
    seen.add(file);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch {
      return;
    }
    const found = listHostAliases(text);
    aliases.push(...found.aliases);
    for (const include of found.includes) {
      const pattern = expandHome(include);
      const absolute = path.isAbsolute(pattern) ? pattern : path.join(os.homedir(), '.ssh', pattern);
      for (const match of await globSimple(absolute)) await visit(match, depth + 1);
    }
  };
  await visit(configFile, 0);
  return [...new Set(aliases)];
}

/** Include patterns use * in the file name part only, in practice. */
async function globSimple(pattern: string): Promise<string[]> {
  if (!/[*?]/.test(pattern)) return [pattern];
  const dir = path.dirname(pattern);
  const regex = new RegExp(
    `^${path
      .basename(pattern)
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  try {
    return (await fs.readdir(dir))
      .filter((name) => regex.test(name))
      .sort()
      .map((name) => path.join(dir, name));
  } catch {
    return [];
  }
}
