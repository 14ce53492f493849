import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ExpectedError } from '../../../../src/domain/errors';
import { logFailure } from '../../../../src/domain/logging/logFailure';
import type { Logger } from '../../../../src/domain/logging/logger';
import { RemoteCommandError } from '../../../../src/domain/shell/remoteOperation';
import { publicKeyFromBlob } from '../../../../src/domain/ssh/sshKey';
import { HostKeyVerifier } from '../../../../src/remote/hostKeyVerifier';
import { TrustStore } from '../../../../src/remote/trustStore';

const fixtures = path.resolve(__dirname, '../../../fixtures/ssh');
const presented = (name: string) =>
  publicKeyFromBlob(Buffer.from(fs.readFileSync(path.join(fixtures, name), 'utf8').split(' ')[1] ?? '', 'base64'));

interface Line {
  level: 'warn' | 'error' | 'other';
  text: string;
}

function recordingLogger(lines: Line[]): Logger {
  const logger: Logger = {
    trace: (text) => lines.push({ level: 'other', text }),
    debug: (text) => lines.push({ level: 'other', text }),
    info: (text) => lines.push({ level: 'other', text }),
    warn: (text) => lines.push({ level: 'warn', text }),
    error: (text) => lines.push({ level: 'error', text: String(text) }),
    scoped: () => logger,
  };
  return logger;
}

/** The real verifier, answering the host key dialog as a user who refuses it. */
async function refusedKeyError(knownHosts: string[], strict: 'ask' | 'yes'): Promise<unknown> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'pve-ops-log-'));
  try {
    const verifier = new HostKeyVerifier({
      knownHostsFiles: () => knownHosts,
      trustStore: new TrustStore(path.join(scratch, 'trust.json')),
      strict: () => strict,
      prompt: { askUnknown: () => Promise.resolve('cancel') },
      logger: recordingLogger([]),
    });
    return await verifier.verify({ host: 'pve2.lan', port: 22, presented: presented('other_ed25519.pub') }).then(
      () => assert.fail('the key was accepted'),
      (error: unknown) => error,
    );
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

const isOneLineWithoutStack = (line: Line | undefined) =>
  line !== undefined && !line.text.includes('\n') && !/\bat .+:\d+:\d+/.test(line.text);

describe('Logging failures', () => {
  for (const [what, error] of [
    ['an unknown key the user did not trust', () => refusedKeyError([], 'ask')],
    ['a changed key', () => refusedKeyError([path.join(fixtures, 'known_hosts_plain')], 'ask')],
    ['a key not in known_hosts under strict checking', () => refusedKeyError([], 'yes')],
  ] as const) {
    it(`logs ${what} as one warning line without a stack, once, however many hands it passes`, async () => {
      const lines: Line[] = [];
      const logger = recordingLogger(lines);
      const refusal = await error();
      // The connection pool logs it, then the command that asked for the connection.
      logFailure(logger, refusal, 'pve2: not connected');
      logFailure(logger, refusal, 'pve.hosts.connect');
      assert.equal(lines.length, 1, JSON.stringify(lines));
      assert.equal(lines[0]?.level, 'warn');
      assert.ok(isOneLineWithoutStack(lines[0]), lines[0]?.text);
      assert.match(lines[0]?.text ?? '', /^pve2: not connected: .*(not trusted|CHANGED|refused)/);
    });
  }

  it('logs a command used in the wrong place and a failed remote command as one warning line', () => {
    const lines: Line[] = [];
    const logger = recordingLogger(lines);
    logFailure(logger, new ExpectedError('Run this from a ZFS pool in the Proxmox view.'), 'pve.pool.scrub');
    logFailure(
      logger,
      new RemoteCommandError('zpool scrub rpool', {
        stdout: '',
        stderr: 'cannot scrub rpool:\ncurrently resilvering\n',
        exitCode: 1,
      }),
      'pve.pool.scrub',
    );
    logFailure(
      logger,
      Object.assign(new Error('connect ECONNREFUSED 10.0.0.7:22'), { code: 'ECONNREFUSED' }),
      'pve2: not connected',
    );
    assert.deepEqual(
      lines.map((line) => line.level),
      ['warn', 'warn', 'warn'],
    );
    assert.ok(lines.every(isOneLineWithoutStack), JSON.stringify(lines));
    assert.equal(
      lines[1]?.text,
      'pve.pool.scrub: zpool scrub rpool failed (exit 1): cannot scrub rpool: | currently resilvering',
    );
  });

  it('keeps a multi-line message of an expected failure on one line', () => {
    const lines: Line[] = [];
    logFailure(
      recordingLogger(lines),
      new ExpectedError('Could not stop 2 guests:\n1031 docker: exit 1\n1034 plex: exit 1'),
      'pve.guest.stop',
    );
    assert.deepEqual(lines, [
      { level: 'warn', text: 'pve.guest.stop: Could not stop 2 guests: · 1031 docker: exit 1 · 1034 plex: exit 1' },
    ]);
  });

  it('logs a bug as an error with its stack', () => {
    const lines: Line[] = [];
    const bug = (() => {
      try {
        return JSON.parse('{') as unknown;
      } catch (error) {
        return error;
      }
    })();
    logFailure(recordingLogger(lines), bug, 'pve.backup.start');
    assert.equal(lines[0]?.level, 'error');
    assert.match(lines[0]?.text ?? '', /^pve\.backup\.start: SyntaxError: .*\n\s+at /);
  });
});
