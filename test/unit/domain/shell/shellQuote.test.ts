import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { quoteShellArg, toCommandLine } from '../../../../src/domain/shell/shellQuote';

// Checked against a real shell: each quoted value must arrive as exactly one, unchanged argument.
function throughShell(argv: string[]): string[] {
  const line = toCommandLine(['printf', '%s\\0', ...argv]);
  const out = execFileSync('sh', ['-c', line], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

describe('shell quoting', () => {
  it('leaves plain words as they are', () => {
    assert.equal(quoteShellArg('vzdump'), 'vzdump');
    assert.equal(quoteShellArg('/var/lib/vz/vzdump-tmp'), '/var/lib/vz/vzdump-tmp');
    assert.equal(toCommandLine(['pct', 'unlock', '1034']), 'pct unlock 1034');
  });

  it('delivers hostile values unchanged as single arguments', () => {
    const values = [
      '',
      ' ',
      "it's",
      '$(reboot)',
      '`id`',
      'a;rm -rf /',
      '"quoted"',
      'back\\slash',
      'new\nline',
      '*',
      '~root',
      '--mode=stop',
      'ünïcode',
      "'",
      "''",
    ];
    assert.deepEqual(throughShell(values), values);
  });

  it('refuses NUL bytes and empty commands', () => {
    assert.throws(() => quoteShellArg('a\0b'), /NUL/);
    assert.throws(() => toCommandLine([]), /program name/);
  });
});
