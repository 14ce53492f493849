import * as assert from 'node:assert/strict';
import {
  findOption,
  suggestKey,
  validateVzdumpConf,
  vzdumpOptions,
  type DiagnosticCode,
} from '../../../../src/domain/vzdumpConf/index';

// Every option of the vzdump schema (and the removed ones) with a value Proxmox accepts and one it
// rejects. A test below checks that this table names every option the module knows, so a new
// option cannot be added without samples.

interface Sample {
  valid: string;
  /** what Proxmox keeps in its hash for the valid sample (default: the sample itself) */
  kept?: string;
  invalid: string;
  code: DiagnosticCode;
}

const SAMPLES: Record<string, Sample> = {
  all: { valid: 'yes', kept: '1', invalid: 'everything', code: 'type' },
  bwlimit: { valid: '10000', invalid: '-1', code: 'minimum' },
  compress: { valid: 'zstd', invalid: 'xz', code: 'enum' },
  dumpdir: { valid: '/mnt/backup/dump', invalid: '/mnt/backup/dump # NAS', code: 'inline-comment' },
  exclude: { valid: '101,102', invalid: '101,99', code: 'format' },
  'exclude-path': { valid: '/var/cache/*', invalid: '/tmp # scratch', code: 'inline-comment' },
  fleecing: { valid: 'enabled=1,storage=local-lvm', invalid: 'enabled=1', code: 'property-string' },
  ionice: { valid: '8', invalid: '9', code: 'maximum' },
  lockwait: { valid: '360', invalid: 'forever', code: 'type' },
  mailnotification: { valid: 'failure', invalid: 'never', code: 'enum' },
  mailto: { valid: 'root@pam, admin@example.com', invalid: 'admin@@example.com', code: 'format' },
  mode: { valid: 'suspend', invalid: 'Snapshot', code: 'enum' },
  node: { valid: 'pve2', invalid: '-pve2', code: 'format' },
  'notes-template': { valid: '{{guestname}} on {{node}}', invalid: 'x'.repeat(1025), code: 'max-length' },
  'notification-mode': { valid: 'notification-system', invalid: 'email', code: 'enum' },
  'pbs-change-detection-mode': { valid: 'metadata', invalid: 'fast', code: 'enum' },
  performance: { valid: 'max-workers=8,pbs-entries-max=2097152', invalid: 'max-workers=257', code: 'property-string' },
  pigz: { valid: '4', invalid: '4.5', code: 'type' },
  pool: { valid: 'production', invalid: 'production # all of it', code: 'inline-comment' },
  protected: { valid: 'on', kept: '1', invalid: '2', code: 'type' },
  'prune-backups': { valid: 'keep-daily=7,keep-weekly=4', invalid: 'keep-all=1,keep-daily=7', code: 'property-string' },
  quiet: { valid: 'False', kept: '0', invalid: 'maybe', code: 'type' },
  remove: { valid: '0', invalid: 'nope', code: 'type' },
  script: { valid: '/usr/local/bin/vzdump-hook.pl', invalid: '/usr/local/bin/hook.pl # hook', code: 'inline-comment' },
  stdexcludes: { valid: 'TRUE', kept: '1', invalid: 'y', code: 'type' },
  stop: { valid: 'no', kept: '0', invalid: 'stop', code: 'type' },
  stopwait: { valid: '0', invalid: '-5', code: 'minimum' },
  storage: { valid: 'truenas-bu', invalid: 'truenas-', code: 'format' },
  tmpdir: { valid: '/var/lib/vz/vzdump-tmp', invalid: '/var/lib/vz/vzdump-tmp # local', code: 'inline-comment' },
  vmid: { valid: '1031 1034;1040', invalid: '1031,01034', code: 'format' },
  zstd: { valid: '0', invalid: 'auto', code: 'type' },
};

/** Removed options: Proxmox ignores them whatever the value; a warning either way, never a value. */
const REMOVED: Record<string, { valid: string; invalid: string }> = {
  maxfiles: { valid: '3', invalid: 'three' },
  size: { valid: '1024', invalid: 'big' },
  'notification-policy': { valid: 'failure', invalid: 'sometimes' },
  'notification-target': { valid: 'mail-to-root', invalid: '1target' },
};

const GUEST_SELECTION = ['all', 'exclude', 'node', 'quiet', 'stop', 'vmid'];
const DEPRECATED = ['mailnotification', 'mailto'];

describe('vzdump.conf: every option', () => {
  it('the sample table covers every option the module knows, and nothing else', () => {
    assert.deepEqual(
      [...Object.keys(SAMPLES), ...Object.keys(REMOVED)].sort(),
      vzdumpOptions.map((o) => o.name).sort(),
    );
  });

  it('has the removed options marked, with what replaces them', () => {
    for (const name of Object.keys(REMOVED)) assert.ok(findOption(name)?.removed, name);
    assert.match(findOption('maxfiles')?.removed?.replacement ?? '', /prune-backups/);
    assert.match(findOption('notification-policy')?.removed?.replacement ?? '', /notification-mode/);
    assert.equal(findOption('size')?.removed?.replacement, undefined);
  });

  it('marks exactly the guest-selection options', () => {
    assert.deepEqual(
      vzdumpOptions
        .filter((o) => o.guestSelection)
        .map((o) => o.name)
        .sort(),
      GUEST_SELECTION,
    );
  });

  it('describes every option and sub-key in a sentence', () => {
    for (const option of vzdumpOptions) {
      assert.match(option.summary, /^\S.{10,}[.)]$/, option.name);
      for (const sub of option.subKeys ?? []) assert.match(sub.summary, /^\S.{10,}[.)]$/, `${option.name} ${sub.name}`);
    }
  });

  for (const [name, sample] of Object.entries(SAMPLES)) {
    describe(name, () => {
      it(`accepts "${sample.valid}"`, () => {
        const { values, diagnostics } = validateVzdumpConf(`${name}: ${sample.valid}\n`);
        const expected = [
          ...(GUEST_SELECTION.includes(name) ? ['guest-selection'] : []),
          ...(DEPRECATED.includes(name) ? ['deprecated-option'] : []),
        ];
        assert.deepEqual(
          diagnostics.map((d) => d.code),
          expected,
        );
        const kept = sample.kept ?? sample.valid;
        assert.deepEqual(values[name], name === 'exclude-path' ? [kept] : kept);
      });

      it(`rejects "${sample.invalid.length > 40 ? `${sample.invalid.slice(0, 20)}…` : sample.invalid}" as an error (${sample.code})`, () => {
        const { values, diagnostics } = validateVzdumpConf(`${name}: ${sample.invalid}\n`);
        const errors = diagnostics.filter((d) => d.severity === 'error');
        assert.deepEqual(
          errors.map((d) => d.code),
          [sample.code],
        );
        assert.equal(errors[0]?.key, name);
        assert.equal(errors[0]?.line, 0);
        // Free text keeps its comment: Proxmox uses the value as written. Everything else is dropped.
        if (sample.code === 'inline-comment')
          assert.deepEqual(values[name], name === 'exclude-path' ? [sample.invalid] : sample.invalid);
        else assert.equal(values[name], undefined);
      });
    });
  }

  for (const [name, sample] of Object.entries(REMOVED)) {
    it(`warns that ${name} was removed, whatever its value, and leaves it out of the values`, () => {
      for (const value of [sample.valid, sample.invalid]) {
        const { values, diagnostics } = validateVzdumpConf(`${name}: ${value}`);
        assert.deepEqual(
          diagnostics.map((d) => [d.code, d.severity]),
          [['removed-option', 'warning']],
        );
        assert.deepEqual(values, {});
      }
    });
  }
});

describe('suggestKey (did you mean)', () => {
  it('finds near misses, other spellings and unique prefixes', () => {
    const cases: [string, string | undefined][] = [
      ['tmpdri', 'tmpdir'],
      ['tmp-dir', 'tmpdir'],
      ['TMPDIR', 'tmpdir'],
      ['exclude_path', 'exclude-path'],
      ['bwlimt', 'bwlimit'],
      ['stroage', 'storage'],
      ['prune', 'prune-backups'],
      ['notes', 'notes-template'],
      ['pbs-change-detection', 'pbs-change-detection-mode'],
      ['compression', undefined],
      ['rsyncopts', undefined],
      ['no', undefined],
      ['mod', 'mode'],
    ];
    for (const [typed, expected] of cases) assert.equal(suggestKey(typed), expected, typed);
  });

  it('never suggests a removed option', () => {
    assert.equal(suggestKey('maxfile'), undefined);
    assert.equal(suggestKey('notification-polcy'), undefined);
  });
});
