import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

// The vzdump.conf grammar, run by the same TextMate engine VS Code uses.

const media = path.join(__dirname, '..', '..', '..', 'media');
let grammar: textmate.IGrammar;

/** Each token of a line as [text, the most specific scope]. */
function tokens(line: string): [string, string][] {
  const { tokens: found } = grammar.tokenizeLine(line, textmate.INITIAL);
  return found.map((t) => [line.slice(t.startIndex, t.endIndex), t.scopes[t.scopes.length - 1] ?? '']);
}

function scopeOf(line: string, text: string): string | undefined {
  return tokens(line).find(([t]) => t === text)?.[1];
}

describe('the vzdump.conf grammar', () => {
  before(async () => {
    const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new textmate.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (sources) => new oniguruma.OnigScanner(sources),
        createOnigString: (text) => new oniguruma.OnigString(text),
      }),
      loadGrammar: (scopeName) => {
        const file = path.join(media, 'vzdump-conf.tmLanguage.json');
        return Promise.resolve(
          scopeName === 'source.pve-vzdump-conf' ? textmate.parseRawGrammar(fs.readFileSync(file, 'utf8'), file) : null,
        );
      },
    });
    const loaded = await registry.loadGrammar('source.pve-vzdump-conf');
    assert.ok(loaded);
    grammar = loaded;
  });

  it('colours comments only where # starts the line', () => {
    assert.match(scopeOf('#tmpdir: DIR', '#') ?? '', /^punctuation\.definition\.comment/);
    assert.match(
      scopeOf('   # indented comment', 'indented comment') ??
        scopeOf('   # indented comment', ' indented comment') ??
        '',
      /^comment\.line/,
    );
  });

  it('colours keys, the colon and values', () => {
    assert.deepEqual(
      tokens('tmpdir: /var/lib/vz/vzdump-tmp').map(([, s]) => s.split('.')[0]),
      ['variable', 'punctuation', 'source', 'string'],
    );
    assert.match(scopeOf('bwlimit: 1000', '1000') ?? '', /^constant\.numeric/);
    assert.match(scopeOf('stdexcludes: yes', 'yes') ?? '', /^constant\.language\.boolean/);
  });

  it('marks an inline comment and a line Proxmox ignores as invalid', () => {
    assert.match(scopeOf('mode: snapshot # nightly', 'snapshot') ?? '', /^string/);
    assert.match(scopeOf('mode: snapshot # nightly', ' # nightly') ?? '', /^invalid\.illegal\.inline-comment/);
    assert.match(scopeOf('tmpdir : /x', 'tmpdir : /x') ?? '', /^invalid\.illegal\.ignored-line/);
  });

  it('colours the sub-keys of property strings', () => {
    const line = 'prune-backups: keep-last=3,keep-daily=7';
    assert.match(scopeOf(line, 'keep-last') ?? '', /^entity\.other\.attribute-name/);
    assert.match(scopeOf(line, '7') ?? '', /^constant\.numeric/);
    assert.match(scopeOf('fleecing: enabled=1,storage=local-zfs', 'storage') ?? '', /^entity\.other\.attribute-name/);
  });
});
