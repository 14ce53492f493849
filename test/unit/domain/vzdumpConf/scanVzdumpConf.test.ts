import * as assert from 'node:assert/strict';
import { scanVzdumpConf } from '../../../../src/domain/vzdumpConf/index';

// The line splitting of parse_config, with the columns an editor needs for hover and completion.

describe('scanVzdumpConf', () => {
  it('tells blank lines, comments, entries and ignored lines apart', () => {
    const text = ['', '   ', '# comment', '   # indented comment', 'tmpdir: /x', 'just words', 'mode:snapshot'].join(
      '\n',
    );
    assert.deepEqual(
      scanVzdumpConf(text).map((l) => l.kind),
      ['blank', 'blank', 'comment', 'comment', 'entry', 'ignored', 'entry'],
    );
  });

  it('gives the key and value columns, blanks around them excluded', () => {
    const [line] = scanVzdumpConf('  tmpdir:   /var/lib/vz/vzdump-tmp  \t');
    assert.equal(line?.key, 'tmpdir');
    assert.equal(line?.value, '/var/lib/vz/vzdump-tmp');
    assert.deepEqual([line?.keyStart, line?.keyEnd, line?.valueStart, line?.valueEnd], [2, 8, 12, 34]);
  });

  it('splits at the first colon, so values keep theirs, and needs no blank after it', () => {
    const [script, url] = scanVzdumpConf('script:/root/hook:v2\nnotes-template: {{guestname}}: nightly');
    assert.deepEqual([script?.key, script?.value, script?.valueStart], ['script', '/root/hook:v2', 7]);
    assert.deepEqual([url?.key, url?.value], ['notes-template', '{{guestname}}: nightly']);
  });

  it('gives an empty value after a bare colon, at the end of the line', () => {
    const [line] = scanVzdumpConf('mailto:');
    assert.deepEqual([line?.kind, line?.value, line?.valueStart, line?.valueEnd], ['entry', '', 7, 7]);
  });

  it('drops the CR of CRLF line ends and keeps line numbers', () => {
    const lines = scanVzdumpConf('# head\r\ntmpdir: /x\r\n\r\nmode: stop\r\n');
    assert.deepEqual(
      lines.map((l) => [l.line, l.kind, l.value]),
      [
        [0, 'comment', ''],
        [1, 'entry', '/x'],
        [2, 'blank', ''],
        [3, 'entry', 'stop'],
        [4, 'blank', ''],
      ],
    );
    assert.equal(lines[1]?.text, 'tmpdir: /x');
  });

  it('treats only ASCII blanks as blanks, as Perl does on the bytes of the file', () => {
    const [nbsp, bom] = scanVzdumpConf('\u00a0tmpdir: /x\n\ufefftmpdir: /y');
    assert.equal(nbsp?.key, '\u00a0tmpdir');
    assert.equal(bom?.key, '\ufefftmpdir');
  });

  it('counts columns in UTF-16 code units', () => {
    const [line] = scanVzdumpConf('notes-template: 🐧 {{vmid}}');
    assert.equal(line?.valueStart, 16);
    assert.equal(line?.valueEnd, 16 + '🐧 {{vmid}}'.length);
  });

  it("puts an ignored line's span over its trimmed text", () => {
    const [line] = scanVzdumpConf('  tmpdir /x  ');
    assert.deepEqual([line?.kind, line?.keyStart, line?.keyEnd], ['ignored', 2, 11]);
  });
});
