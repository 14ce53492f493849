import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { utils, type AnyAuthMethod, type AuthenticationType, type NextAuthHandler, type ParsedKey } from 'ssh2';
import type { Logger } from '../domain/logging/logger';

/**
 * Asks the user for secrets. Implemented by the VS Code layer (password input boxes and, when
 * the user ticks "remember", SecretStorage). Returning undefined means "skip this method".
 */
export interface CredentialPrompter {
  passphrase(keyFile: string, attempt: number): Promise<string | undefined>;
  password(user: string, host: string, attempt: number, prompt?: string): Promise<string | undefined>;
  /** Called after a secret was refused, so a remembered one is forgotten. */
  rejected(kind: 'passphrase' | 'password', id: string): void;
}

export interface AuthSettings {
  username: string;
  host: string;
  /** Configured identity files first; the OpenSSH defaults follow. */
  identityFiles: readonly string[];
  /** ssh-agent socket (SSH_AUTH_SOCK) or "pageant" on Windows. */
  agent?: string;
}

export const DEFAULT_IDENTITY_FILES = ['~/.ssh/id_ed25519', '~/.ssh/id_ecdsa', '~/.ssh/id_rsa'];
const MAX_SECRET_ATTEMPTS = 3;

export function expandHome(file: string): string {
  return file === '~' || file.startsWith('~/') ? path.join(os.homedir(), file.slice(1)) : file;
}

type Step = () => Promise<AnyAuthMethod | undefined>;

/**
 * The order OpenSSH users expect: the agent, then identity files (asking for a passphrase
 * when one is encrypted), then password, then keyboard-interactive.
 */
export function createAuthHandler(settings: AuthSettings, prompter: CredentialPrompter, logger: Logger) {
  const { username, host } = settings;
  const steps: Step[] = [];
  let passwordAttempts = 0;
  let lastSecret: { kind: 'passphrase' | 'password'; id: string } | undefined;

  if (settings.agent) {
    const agent = settings.agent;
    steps.push(() => Promise.resolve({ type: 'agent', username, agent }));
  }
  const files = [...new Set([...settings.identityFiles, ...DEFAULT_IDENTITY_FILES].map(expandHome))];
  for (const file of files) steps.push(() => identityStep(file));

  async function identityStep(file: string): Promise<AnyAuthMethod | undefined> {
    let data: Buffer;
    try {
      data = await fs.readFile(file);
    } catch {
      return undefined; // absent default keys are normal
    }
    const parsed = utils.parseKey(data);
    if (!(parsed instanceof Error)) return { type: 'publickey', username, key: firstKey(parsed) };
    if (!/passphrase|encrypted/i.test(parsed.message)) {
      logger.warn(`skipping ${file}: ${parsed.message}`);
      return undefined;
    }
    for (let attempt = 1; attempt <= MAX_SECRET_ATTEMPTS; attempt++) {
      const passphrase = await prompter.passphrase(file, attempt);
      if (passphrase === undefined) return undefined;
      const decrypted = utils.parseKey(data, passphrase);
      if (!(decrypted instanceof Error)) return { type: 'publickey', username, key: firstKey(decrypted) };
      prompter.rejected('passphrase', file);
      logger.info(`wrong passphrase for ${file} (attempt ${attempt})`);
    }
    return undefined;
  }

  const passwordStep = async (): Promise<AnyAuthMethod | undefined> => {
    passwordAttempts++;
    if (passwordAttempts > MAX_SECRET_ATTEMPTS) return undefined;
    const password = await prompter.password(username, host, passwordAttempts);
    if (password === undefined) return undefined;
    lastSecret = { kind: 'password', id: `${username}@${host}` };
    return { type: 'password', username, password };
  };

  const keyboardStep = (): Promise<AnyAuthMethod | undefined> =>
    Promise.resolve({
      type: 'keyboard-interactive',
      username,
      prompt: (_name, _instructions, _lang, prompts, finish) => {
        void (async () => {
          const answers: string[] = [];
          for (const question of prompts) {
            const answer = await prompter.password(username, host, 1, question.prompt);
            if (answer === undefined) return finish([]);
            answers.push(answer);
          }
          lastSecret = { kind: 'password', id: `${username}@${host}` };
          finish(answers);
        })();
      },
    });

  let index = 0;
  let keyboardTried = false;
  let offered: AnyAuthMethod['type'] | undefined;
  const offer = (next: NextAuthHandler, method: AnyAuthMethod) => {
    offered = method.type;
    next(method);
  };
  const handler = (methodsLeft: AuthenticationType[] | null, _partial: boolean, next: NextAuthHandler): void => {
    if (lastSecret) {
      // We only get here again when the previous secret did not work.
      prompter.rejected(lastSecret.kind, lastSecret.id);
      lastSecret = undefined;
    }
    void (async () => {
      const allowed = (type: AuthenticationType) => methodsLeft === null || methodsLeft.includes(type);
      while (index < steps.length) {
        const step = steps[index++];
        if (!step || !allowed('publickey')) continue;
        const method = await step();
        if (method) return offer(next, method);
      }
      if (allowed('password')) {
        const method = await passwordStep();
        if (method) {
          index = steps.length; // retry the password step on failure
          return offer(next, method);
        }
      }
      if (allowed('keyboard-interactive') && !keyboardTried) {
        keyboardTried = true;
        const method = await keyboardStep();
        if (method) return offer(next, method);
      }
      (next as (method: AnyAuthMethod | false) => void)(false);
    })().catch((error: unknown) => {
      logger.error(`authentication step failed: ${String(error)}`);
      (next as (method: AnyAuthMethod | false) => void)(false);
    });
  };
  /** The method offered last: once the connection is ready, the one that worked. */
  return { handler, succeededWith: () => offered };
}

function firstKey(parsed: ParsedKey | ParsedKey[]): ParsedKey {
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key) throw new Error('The key file holds no key');
  return key;
}
