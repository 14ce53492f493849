import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { findPlaceholders, substitutePlaceholders, suggestionKind } from '../../../../src/domain/runbook/placeholders';

const run = (script: string) => execFileSync('bash', ['-c', script], { encoding: 'utf8' });

describe('placeholders', () => {
  it('finds <angle>, ${VAR} and export prompts, and marks secrets', () => {
    const code = [
      'export STORAGE="truenas-bu"',
      'export API_TOKEN=changeme',
      'pvesh get /nodes/pve2/tasks/<UPID>/log | tail -n 50',
      'echo "${NOTE}" <br> ${HOME} ${STORAGE}',
      'for vm in 1 2; do echo ${vm}; done',
      'cat <<EOF',
    ].join('\n');
    assert.deepEqual(findPlaceholders(code), [
      { name: 'STORAGE', kind: 'export', default: 'truenas-bu', secret: false },
      { name: 'API_TOKEN', kind: 'export', default: 'changeme', secret: true },
      { name: 'UPID', kind: 'angle', secret: false },
      { name: 'NOTE', kind: 'env', secret: false },
    ]);
  });

  it('substitutes hostile values as exactly one word, bare, in double quotes and in single quotes', () => {
    const hostile = `$(touch /tmp/pwned) "a b" 'c' \`id\` ;rm`;
    const code = 'printf "[%s]\\n" <value> "in dq: <value>" \'in sq: <value>\' "${NOTE}"';
    const out = run(substitutePlaceholders(code, { value: hostile, NOTE: hostile }));
    assert.equal(out, `[${hostile}]\n[in dq: ${hostile}]\n[in sq: ${hostile}]\n[${hostile}]\n`);
  });

  it('quotes the value of an export prompt', () => {
    const out = run(substitutePlaceholders('export TARGET=old\necho "$TARGET"', { TARGET: 'two words; echo no' }));
    assert.equal(out, 'two words; echo no\n');
  });

  it('leaves the code alone where no value is given', () => {
    assert.equal(substitutePlaceholders('echo <vmid>', {}), 'echo <vmid>');
  });

  it('knows what the host can offer', () => {
    assert.deepEqual(['UPID', 'vmid', 'CTID', 'storage', 'backup_storage', 'name'].map(suggestionKind), [
      'upid',
      'vmid',
      'vmid',
      'storage',
      'storage',
      undefined,
    ]);
  });
});
