import * as assert from 'node:assert/strict';
import { validateVzdumpConf, type ConfDiagnostic } from '../../../../src/domain/vzdumpConf/index';
import { VZDUMP_CONF } from '../../../lab/pve/seedData';

// The rules of parse_config and read_vzdump_defaults, one by one, and the files the runbook and
// the Proxmox package ship.

/** The shipped /etc/vzdump.conf of pve-manager (configs/vzdump.conf): the lab seeds the same file. */
const SHIPPED = VZDUMP_CONF;

function codes(text: string): string[] {
  return validateVzdumpConf(text).diagnostics.map((d) => d.code);
}

/** Each diagnostic as `line:text it covers`. */
function spans(text: string): string[] {
  const lines = text.split(/\r?\n/);
  return validateVzdumpConf(text).diagnostics.map(
    (d) => `${d.line}:${(lines[d.line] ?? '').slice(d.startColumn, d.endColumn)}`,
  );
}

function only(text: string): ConfDiagnostic {
  const { diagnostics } = validateVzdumpConf(text);
  assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
  return diagnostics[0] as ConfDiagnostic;
}

describe('validateVzdumpConf', () => {
  describe('the files from the runbook and the package', () => {
    it('the pve2 fix: tmpdir on local disk, no problems, and that is the tmpdir Proxmox uses', () => {
      const { values, diagnostics } = validateVzdumpConf('tmpdir: /var/lib/vz/vzdump-tmp\n');
      assert.deepEqual(diagnostics, []);
      assert.equal(values.tmpdir, '/var/lib/vz/vzdump-tmp');
    });

    it('the shipped file: comments only, so no problems and no values', () => {
      assert.deepEqual(validateVzdumpConf(SHIPPED), { values: {}, diagnostics: [] });
    });

    it('a template line uncommented without its placeholder replaced', () => {
      const mode = only('mode: snapshot|suspend|stop');
      assert.equal(mode.code, 'enum');
      assert.equal(mode.severity, 'error');
      assert.match(mode.message, /snapshot\|suspend\|stop.*not one of snapshot, suspend, stop/);
      assert.deepEqual(codes('bwlimit: KBPS'), ['type']);
      assert.deepEqual(codes('stdexcludes: BOOLEAN'), ['type']);
      assert.deepEqual(codes('pbs-change-detection-mode: legacy|data|metadata'), ['enum']);
      // Values Proxmox accepts as written but that are surely not meant.
      for (const line of ['tmpdir: DIR', 'storage: STORAGE_ID', 'script: FILENAME', 'exclude-path: PATHLIST']) {
        const d = only(line);
        assert.deepEqual([d.code, d.severity], ['placeholder', 'warning'], line);
      }
    });

    it('every template line uncommented: each one is flagged', () => {
      const text = SHIPPED.split('\n')
        .slice(2)
        .filter(Boolean)
        .map((line) => line.slice(1))
        .join('\n');
      const flagged = new Set(validateVzdumpConf(text).diagnostics.map((d) => d.line));
      // notes-template's {{guestname}} is a real value; everything else is a placeholder.
      const lines = text.split('\n');
      assert.deepEqual(
        lines.filter((_, i) => !flagged.has(i)),
        ['notes-template: {{guestname}}'],
      );
    });
  });

  describe('lines', () => {
    it('skips blank lines and comments, indented or not', () => {
      assert.deepEqual(validateVzdumpConf('\n   \n\t\n# a\n   # b\n#tmpdir: /x\n'), { values: {}, diagnostics: [] });
    });

    it('reports a line without a colon as ignored, over its text', () => {
      const d = only('  this is not a setting  ');
      assert.deepEqual([d.code, d.severity, d.startColumn, d.endColumn], ['ignored-line', 'error', 2, 23]);
      assert.match(d.message, /Proxmox ignores this line/);
      assert.equal(d.fix, undefined);
    });

    it('offers "key: value" for a known key written with = or a blank', () => {
      const d = only('tmpdir /var/lib/vz/vzdump-tmp');
      assert.deepEqual(
        [d.code, d.fix?.kind, d.fix?.replacementLine],
        ['ignored-line', 'add-colon', 'tmpdir: /var/lib/vz/vzdump-tmp'],
      );
      assert.equal(only('bwlimit=1000').fix?.replacementLine, 'bwlimit: 1000');
    });

    it('reports a blank before the colon (the spelling of a well-known forum post) with a fix', () => {
      const { values, diagnostics } = validateVzdumpConf('tmpdir : /var/lib/vz/vzdump-tmp');
      assert.deepEqual(values, {});
      const [d] = diagnostics;
      assert.deepEqual([d?.code, d?.severity, d?.key], ['space-before-colon', 'error', 'tmpdir']);
      assert.deepEqual(d?.fix, {
        kind: 'remove-space-before-colon',
        title: 'Remove the blank before the colon (tmpdir: /var/lib/vz/vzdump-tmp)',
        replacementLine: 'tmpdir: /var/lib/vz/vzdump-tmp',
      });
      assert.equal(only('  mode\t:snapshot').fix?.replacementLine, '  mode: snapshot');
    });

    it('needs no blank after the colon, and keeps colons and blanks inside the value', () => {
      const { values, diagnostics } = validateVzdumpConf(
        'tmpdir:/var/tmp\nscript: /root/hooks/vzdump:v2.pl\nnotes-template: {{guestname}} on {{node}}: nightly',
      );
      assert.deepEqual(diagnostics, []);
      assert.deepEqual(values, {
        tmpdir: '/var/tmp',
        script: '/root/hooks/vzdump:v2.pl',
        'notes-template': '{{guestname}} on {{node}}: nightly',
      });
    });

    it('strips trailing blanks from the value', () => {
      assert.equal(validateVzdumpConf('mode: stop   \t').values.mode, 'stop');
    });

    it('reads CRLF files like LF files, with the same lines and columns', () => {
      const lf = 'tmpdir : /x\nmode: snapshot # nightly\ntmpdri: /y\nbwlimit: fast\n';
      assert.deepEqual(validateVzdumpConf(lf.replace(/\n/g, '\r\n')), validateVzdumpConf(lf));
      assert.deepEqual(validateVzdumpConf('storage: local\r\n').values, { storage: 'local' });
    });
  });

  describe('inline comments (Proxmox has none)', () => {
    it('says what Proxmox sees, drops nothing twice, and offers to strip the comment', () => {
      const { values, diagnostics } = validateVzdumpConf('mode: snapshot # nightly');
      assert.deepEqual(values, {});
      assert.equal(diagnostics.length, 1);
      const [d] = diagnostics;
      assert.deepEqual([d?.code, d?.severity], ['inline-comment', 'error']);
      assert.match(d?.message ?? '', /"snapshot # nightly"/);
      assert.deepEqual(d?.fix, {
        kind: 'strip-inline-comment',
        value: 'snapshot',
        title: 'Remove the comment (mode: snapshot)',
        replacementLine: 'mode: snapshot',
      });
      assert.deepEqual(spans('mode: snapshot # nightly'), ['0:# nightly']);
    });

    it('is an error on free text too: the path would include the comment', () => {
      const { values, diagnostics } = validateVzdumpConf('tmpdir: /var/lib/vz/vzdump-tmp   # local disk');
      assert.equal(values.tmpdir, '/var/lib/vz/vzdump-tmp   # local disk');
      assert.deepEqual(
        diagnostics.map((d) => [d.code, d.severity]),
        [['inline-comment', 'error']],
      );
      assert.match(diagnostics[0]?.message ?? '', /as the path/);
      assert.equal(diagnostics[0]?.fix?.replacementLine, 'tmpdir: /var/lib/vz/vzdump-tmp');
    });

    it('still reports what stays wrong once the comment is gone', () => {
      assert.deepEqual(codes('mode: snapshto # nightly'), ['enum', 'inline-comment']);
    });

    it('takes # without a blank before it as part of the value', () => {
      assert.deepEqual(validateVzdumpConf('dumpdir: /mnt/backup#1').diagnostics, []);
    });

    it('catches a value that is only a comment', () => {
      const d = validateVzdumpConf('bwlimit: # later').diagnostics.find((x) => x.code === 'inline-comment');
      assert.equal(d?.fix?.replacementLine, 'bwlimit:');
    });
  });

  describe('keys', () => {
    it('reports an unknown key as an error, with did-you-mean and a rename that keeps the rest of the line', () => {
      const { values, diagnostics } = validateVzdumpConf('  tmpdri:  /var/lib/vz/vzdump-tmp');
      assert.deepEqual(values, {});
      const [d] = diagnostics;
      assert.deepEqual([d?.code, d?.severity, d?.startColumn, d?.endColumn], ['unknown-key', 'error', 2, 8]);
      assert.match(d?.message ?? '', /Did you mean "tmpdir"\?/);
      assert.deepEqual(d?.fix, {
        kind: 'rename-key',
        to: 'tmpdir',
        title: 'Rename to "tmpdir"',
        replacementLine: '  tmpdir:  /var/lib/vz/vzdump-tmp',
      });
    });

    it('reports an unknown key without a suggestion when nothing is close', () => {
      const d = only('rsyncopts: --bwlimit=1');
      assert.equal(d.code, 'unknown-key');
      assert.equal(d.fix, undefined);
      assert.doesNotMatch(d.message, /Did you mean/);
    });

    it('treats keys as case-sensitive', () => {
      assert.equal(only('Mode: stop').fix?.replacementLine, 'mode: stop');
    });

    it('reports API-only parameters as unknown here', () => {
      assert.deepEqual(codes('stdout: 1\njob-id: nightly'), ['unknown-key', 'unknown-key']);
    });

    it('warns about removed options, with what replaces them', () => {
      const maxfiles = only('maxfiles: 7');
      assert.deepEqual([maxfiles.code, maxfiles.severity], ['removed-option', 'warning']);
      assert.match(maxfiles.message, /prune-backups/);
      assert.deepEqual(maxfiles.fix, {
        kind: 'replace-maxfiles',
        with: 'prune-backups: keep-last=7',
        title: 'Replace with "prune-backups: keep-last=7"',
        replacementLine: 'prune-backups: keep-last=7',
      });
      assert.equal(only('maxfiles: 0').fix?.replacementLine, 'prune-backups: keep-all=1');
      assert.match(only('notification-policy: failure').message, /notification-mode/);
      assert.match(only('notification-target: mail-to-root').message, /notification-mode/);
      assert.match(only('size: 1024').message, /Delete the line/);
    });

    it('offers to delete maxfiles when prune-backups is already set', () => {
      const d = validateVzdumpConf('maxfiles: 3\nprune-backups: keep-last=5').diagnostics[0];
      assert.deepEqual([d?.fix?.kind, d?.fix?.replacementLine], ['replace-maxfiles', null]);
    });

    it('warns that guest selection does not belong here but keeps valid values', () => {
      const text = 'vmid: 100\nall: 1\nexclude: 101\nnode: pve2\nstop: 0\nquiet: 1\npool: web';
      const { values, diagnostics } = validateVzdumpConf(text);
      assert.deepEqual(
        diagnostics.map((d) => [d.line, d.code, d.severity]),
        [0, 1, 2, 3, 4, 5].map((line) => [line, 'guest-selection', 'warning']),
      );
      assert.deepEqual(values, {
        vmid: '100',
        all: '1',
        exclude: '101',
        node: 'pve2',
        stop: '0',
        quiet: '1',
        pool: 'web',
      });
    });

    it('notes the deprecated mail options as information', () => {
      assert.deepEqual(
        validateVzdumpConf('mailnotification: failure').diagnostics.map((d) => [d.code, d.severity]),
        [['deprecated-option', 'information']],
      );
    });
  });

  describe('values', () => {
    it('reads every spelling of a boolean, in any case, as 1 or 0', () => {
      for (const [spelling, expected] of [
        ['1', '1'],
        ['on', '1'],
        ['yes', '1'],
        ['true', '1'],
        ['ON', '1'],
        ['Yes', '1'],
        ['TRUE', '1'],
        ['0', '0'],
        ['off', '0'],
        ['no', '0'],
        ['false', '0'],
        ['OFF', '0'],
        ['No', '0'],
        ['False', '0'],
      ]) {
        const { values, diagnostics } = validateVzdumpConf(`stdexcludes: ${spelling}`);
        assert.deepEqual(diagnostics, [], spelling);
        assert.equal(values.stdexcludes, expected, spelling);
      }
      for (const bad of ['2', 'y', 'n', 'enabled', '', 'yes please'])
        assert.deepEqual(codes(`remove: ${bad}`), ['type'], bad);
    });

    it('checks integers: sign allowed, no fractions or words, minimum and maximum', () => {
      assert.deepEqual(codes('ionice: 0\nionice: 8'), ['duplicate']);
      assert.deepEqual(validateVzdumpConf('bwlimit: +500').values, { bwlimit: '+500' });
      assert.deepEqual(codes('ionice: -1'), ['minimum']);
      assert.deepEqual(codes('ionice: 9'), ['maximum']);
      assert.deepEqual(codes('bwlimit: 1.5'), ['type']);
      assert.deepEqual(codes('bwlimit: 10M'), ['type']);
      assert.deepEqual(codes('lockwait: -1'), ['minimum']);
      assert.deepEqual(codes('pigz: -1'), []);
      assert.match(only('ionice: 9').message, /maximum of 8/);
    });

    it('checks enums exactly, case included', () => {
      assert.deepEqual(codes('compress: 0\ncompress: gzip'), ['duplicate']);
      assert.deepEqual(codes('compress: ZSTD'), ['enum']);
      assert.deepEqual(codes('notification-mode: legacy-sendmail'), []);
    });

    it('limits notes-template to 1024 bytes, counted as Proxmox counts them (UTF-8)', () => {
      assert.deepEqual(codes(`notes-template: ${'x'.repeat(1024)}`), []);
      assert.deepEqual(codes(`notes-template: ${'x'.repeat(1025)}`), ['max-length']);
      assert.deepEqual(codes(`notes-template: ${'é'.repeat(513)}`), ['max-length']);
    });

    it('checks storage ids as Proxmox does, any case', () => {
      for (const ok of ['local', 'local-lvm', 'truenas-bu', 'NAS_1', 'a.b', 'ab'])
        assert.deepEqual(codes(`storage: ${ok}`), [], ok);
      for (const bad of ['a', '1local', 'local-', 'my storage', 'nas/backup', ''])
        assert.deepEqual(codes(`storage: ${bad}`), ['format'], bad);
    });

    it('reads vmid lists separated by commas, semicolons and blanks, and marks each bad id', () => {
      assert.deepEqual(codes('vmid: 100,101;102 103\t104 ,; 999999999'), ['guest-selection']);
      assert.deepEqual(codes('exclude:'), ['guest-selection']);
      assert.deepEqual(spans('exclude: 100,abc;1000000000,099'), ['0:exclude', '0:abc', '0:1000000000', '0:099']);
    });

    it('reads mail lists the way Proxmox splits them, the empty one included', () => {
      for (const list of [
        '',
        ' ,,; a@b.c, ; d@e.f ',
        'developer@proxmox.com admin@proxmox.com',
        'root@pam',
        'root',
        'first.last+tag@mail.example.org',
      ]) {
        assert.deepEqual(codes(`mailto: ${list}`), ['deprecated-option'], list);
      }
      assert.equal(validateVzdumpConf('mailto: ,,; a@b.c, ; d@e.f').values.mailto, ',,; a@b.c, ; d@e.f');
      assert.deepEqual(spans('mailto: a@b.c, not an@address..x'), ['0:mailto', '0:an@address..x']);
    });

    it('checks node names', () => {
      assert.deepEqual(codes('node: pve-2'), ['guest-selection']);
      assert.deepEqual(codes('node: pve_2'), ['guest-selection', 'format']);
    });
  });

  describe('repeated keys', () => {
    it('warns on the earlier lines that the last one wins, and uses the last', () => {
      const { values, diagnostics } = validateVzdumpConf('mode: stop\nmode: suspend\nmode: snapshot');
      assert.equal(values.mode, 'snapshot');
      assert.deepEqual(
        diagnostics.map((d) => [d.line, d.code, d.severity]),
        [
          [0, 'duplicate', 'warning'],
          [1, 'duplicate', 'warning'],
        ],
      );
      assert.match(diagnostics[0]?.message ?? '', /line 2/);
    });

    it('drops the key when the last line is invalid: earlier valid lines do not come back', () => {
      const { values } = validateVzdumpConf('bwlimit: 1000\nbwlimit: lots');
      assert.equal(values.bwlimit, undefined);
    });

    it('uses a valid last line after an invalid one', () => {
      const { values, diagnostics } = validateVzdumpConf('bwlimit: lots\nbwlimit: 1000');
      assert.equal(values.bwlimit, '1000');
      assert.match(diagnostics.find((d) => d.code === 'type')?.message ?? '', /line 2 overrides/);
    });

    it('never says a later exclude-path line overrides an earlier one', () => {
      const { values, diagnostics } = validateVzdumpConf('exclude-path: /tmp # scratch\nexclude-path: /var/tmp');
      assert.deepEqual(
        diagnostics.map((d) => d.code),
        ['inline-comment'],
      );
      assert.doesNotMatch(diagnostics[0]?.message ?? '', /overrides/);
      assert.deepEqual(values['exclude-path'], ['/tmp # scratch', '/var/tmp']);
    });

    it('adds up exclude-path lines without a warning', () => {
      const { values, diagnostics } = validateVzdumpConf(
        'exclude-path: /tmp/?*\nexclude-path: /var/cache/apt\n# exclude-path: /ignored\nexclude-path: "/srv/with space"',
      );
      assert.deepEqual(diagnostics, []);
      assert.deepEqual(values['exclude-path'], ['/tmp/?*', '/var/cache/apt', '"/srv/with space"']);
    });
  });

  describe('storage and dumpdir', () => {
    it('warns on dumpdir that Proxmox ignores it, and leaves it out of the values', () => {
      const { values, diagnostics } = validateVzdumpConf('dumpdir: /mnt/dump\nstorage: truenas-bu');
      assert.deepEqual(values, { storage: 'truenas-bu' });
      assert.deepEqual(
        diagnostics.map((d) => [d.line, d.code, d.severity]),
        [[0, 'storage-and-dumpdir', 'warning']],
      );
    });

    it('does not warn when the storage line is dropped as invalid', () => {
      const { values, diagnostics } = validateVzdumpConf('dumpdir: /mnt/dump\nstorage: -bad');
      assert.deepEqual(values, { dumpdir: '/mnt/dump' });
      assert.deepEqual(
        diagnostics.map((d) => d.code),
        ['format'],
      );
    });
  });

  describe('columns', () => {
    it('puts each diagnostic on what it is about', () => {
      const text = [
        '  tmpdri: /x',
        'bwlimit:  fast',
        'mode: snapshot   # nightly',
        'prune-backups: keep-last=3,keep-dialy=7',
        'ionice: 7',
        'ionice: 3',
        'fleecing: 1',
      ].join('\n');
      assert.deepEqual(spans(text), ['0:tmpdri', '1:fast', '2:# nightly', '3:keep-dialy', '4:ionice', '6:1']);
    });

    it('counts columns in UTF-16 code units after astral characters', () => {
      const line = 'notes-template: 🐧 # penguin';
      assert.deepEqual(spans(line), ['0:# penguin']);
      assert.equal(validateVzdumpConf(line).diagnostics[0]?.startColumn, 19);
    });

    it('marks the key of a line with an empty value that needs one', () => {
      assert.deepEqual(spans('mode:'), ['0:mode:']);
    });
  });

  it('validates 10,000 lines without trouble', () => {
    const block = [
      '# nightly',
      'tmpdir: /var/lib/vz/vzdump-tmp',
      'mode: snapshot # x',
      'tmpdri: /y',
      'exclude-path: /tmp',
      'prune-backups: keep-last=3,keep-all=1',
      'vmid: 100 101 abc',
      'x',
      'maxfiles: 2',
      '',
    ];
    const text = Array.from({ length: 1000 }, () => block.join('\n')).join('\n');
    const { values, diagnostics } = validateVzdumpConf(text);
    assert.equal((values['exclude-path'] as string[]).length, 1000);
    assert.ok(diagnostics.length > 7000);
  });
});
