import * as assert from 'node:assert/strict';
import { validateVzdumpConf, type ConfDiagnostic } from '../../../../src/domain/vzdumpConf/index';

// prune-backups, performance and fleecing: parse_property_string and the formats' own rules.

function problems(line: string): ConfDiagnostic[] {
  return validateVzdumpConf(line).diagnostics;
}

/** The text each diagnostic covers. */
function marked(line: string): string[] {
  return problems(line).map((d) => line.slice(d.startColumn, d.endColumn));
}

describe('vzdump.conf property strings', () => {
  describe('prune-backups', () => {
    it('accepts every keep option, zeros, and keep-all alone or with zeros', () => {
      for (const value of [
        'keep-last=3,keep-hourly=24,keep-daily=7,keep-weekly=4,keep-monthly=12,keep-yearly=2',
        'keep-hourly=0,keep-monthly=0',
        'keep-all=1',
        'keep-all=0',
        'keep-all=yes,keep-last=0',
        'keep-all=0,keep-last=5',
        '',
        ' ,,keep-last=1, ,',
      ]) {
        assert.deepEqual(problems(`prune-backups: ${value}`), [], value);
      }
    });

    it('rejects keep-all together with another keep option above 0, marked on keep-all', () => {
      const line = 'prune-backups: keep-last=3,keep-all=1';
      const [d] = problems(line);
      assert.equal(d?.code, 'property-string');
      assert.equal(d?.severity, 'error');
      assert.match(d?.message ?? '', /keep-all=1 cannot be combined with keep-last=3/);
      assert.deepEqual(marked(line), ['keep-all=1']);
      assert.equal(validateVzdumpConf(line).values['prune-backups'], undefined);
    });

    it('marks negative counts, words, unknown and repeated sub-keys at their own columns', () => {
      assert.deepEqual(marked('prune-backups: keep-last=-1'), ['-1']);
      assert.deepEqual(marked('prune-backups: keep-daily=seven'), ['seven']);
      assert.deepEqual(marked('prune-backups: keep-last=3,keep-lats=4'), ['keep-lats']);
      assert.deepEqual(marked('prune-backups: keep-last=3,keep-last=4'), ['keep-last']);
      assert.equal(problems('prune-backups: keep-last=3,keep-last=4')[0]?.startColumn, 27);
    });

    it('does not trim sub-keys, and says so', () => {
      const [d] = problems('prune-backups: keep-last=3, keep-daily=7');
      assert.match(d?.message ?? '', /does not trim/);
    });

    it('needs key=value for every part (no default key)', () => {
      assert.deepEqual(marked('prune-backups: 7'), ['7']);
      assert.deepEqual(marked('prune-backups: keep-last='), ['keep-last=']);
      assert.deepEqual(marked('prune-backups: =3'), ['=3']);
    });

    it('shows the template placeholder as an error, not as a value', () => {
      assert.equal(
        problems('prune-backups: keep-INTERVAL=N[,...]').every((d) => d.code === 'property-string'),
        true,
      );
    });
  });

  describe('performance', () => {
    it('accepts max-workers 1..256 and pbs-entries-max from 1', () => {
      for (const value of [
        'max-workers=1',
        'max-workers=256',
        'pbs-entries-max=1',
        'max-workers=16,pbs-entries-max=1048576',
      ])
        assert.deepEqual(problems(`performance: ${value}`), [], value);
    });

    it('rejects values out of range', () => {
      assert.deepEqual(marked('performance: max-workers=0'), ['0']);
      assert.deepEqual(marked('performance: max-workers=257'), ['257']);
      assert.deepEqual(marked('performance: pbs-entries-max=0'), ['0']);
      assert.match(problems('performance: max-workers=257')[0]?.message ?? '', /maximum of 256/);
    });

    it('rejects the template placeholder', () => {
      assert.ok(problems('performance: [max-workers=N][,pbs-entries-max=N]').length > 0);
    });
  });

  describe('fleecing', () => {
    it('takes a bare 1 or 0 as enabled (the default key)', () => {
      assert.deepEqual(problems('fleecing: 0'), []);
      assert.deepEqual(problems('fleecing: 1,storage=local-zfs'), []);
      assert.equal(validateVzdumpConf('fleecing: 1,storage=local-zfs').values.fleecing, '1,storage=local-zfs');
    });

    it('rejects enabled without a storage, marked on enabled', () => {
      for (const line of ['fleecing: 1', 'fleecing: enabled=1', 'fleecing: enabled=yes']) {
        const [d] = problems(line);
        assert.match(d?.message ?? '', /no storage/, line);
        assert.equal(
          line.slice(d?.startColumn, d?.endColumn).startsWith(line.includes('enabled') ? 'enabled' : '1'),
          true,
          line,
        );
      }
    });

    it('accepts disabled fleecing with or without a storage', () => {
      assert.deepEqual(problems('fleecing: enabled=0'), []);
      assert.deepEqual(problems('fleecing: enabled=off,storage=local-lvm'), []);
    });

    it('does not turn a bare "yes" into 1 (only key=value goes through parse_boolean)', () => {
      assert.deepEqual(marked('fleecing: yes,storage=local-lvm'), ['yes']);
    });

    it('rejects a bad storage id and a second bare value', () => {
      assert.deepEqual(marked('fleecing: enabled=1,storage=9local'), ['9local']);
      assert.deepEqual(marked('fleecing: 1,1,storage=local'), ['1']);
    });

    it('rejects the template placeholder (BOOLEAN is no boolean)', () => {
      assert.deepEqual(marked('fleecing: enabled=BOOLEAN,storage=STORAGE_ID'), ['BOOLEAN']);
    });
  });
});
