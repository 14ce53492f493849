import * as assert from 'node:assert/strict';
import { perlNumber, toPerlJson } from './output/perlJson';
import { renderBytes, renderDuration } from './output/renderers';
import { formatApiText, type TextOptions } from './output/textTable';
import { FIELD_TABLES } from './schemas/fieldTables';

const UTF8: TextOptions = { humanReadable: true, noborder: false, noheader: false, utf8: true };

describe('pvesh output formats', () => {
  it('prints JSON canonically with Perl number formatting', () => {
    assert.equal(toPerlJson({ b: 1, a: [0.0026296288129705123, 'x'] }), '{"a":[0.00262962881297051,"x"],"b":1}');
    assert.equal(toPerlJson({ a: { b: [] } }, true), '{\n   "a" : {\n      "b" : []\n   }\n}\n');
    assert.equal(perlNumber(1e-7), '1e-07');
  });

  it('renders bytes and durations like PVE::Format (auto-limited accuracy)', () => {
    assert.equal(renderBytes(32_943_747_072), '30.68 GiB');
    assert.equal(renderBytes(512), '512.00 B');
    assert.equal(renderDuration(0), '0s');
    assert.equal(renderDuration(3 * 86400 + 5 * 3600 + 7 * 60 + 9), '3d 5h 7m');
    assert.equal(renderDuration(15 * 86400 + 3600 + 60), '2w 1d 1h');
  });

  it('draws the box table of `pvesh get /nodes`', () => {
    const text = formatApiText(
      [
        {
          node: 'lab',
          status: 'online',
          cpu: 0.0996,
          level: '',
          maxcpu: 4,
          maxmem: 32_943_747_072,
          mem: 3_489_660_928,
        },
      ],
      'array',
      FIELD_TABLES['/nodes'] ?? {},
      UTF8,
    );
    assert.equal(
      text,
      [
        '┌──────┬────────┬───────┬───────┬────────┬───────────┬──────────┬─────────────────┬────────┐',
        '│ node │ status │   cpu │ level │ maxcpu │    maxmem │      mem │ ssl_fingerprint │ uptime │',
        '╞══════╪════════╪═══════╪═══════╪════════╪═══════════╪══════════╪═════════════════╪════════╡',
        '│ lab  │ online │ 9.96% │       │      4 │ 30.68 GiB │ 3.25 GiB │                 │        │',
        '└──────┴────────┴───────┴───────┴────────┴───────────┴──────────┴─────────────────┴────────┘',
        '',
      ].join('\n'),
    );
  });

  it('prints objects as a key/value table and scalars as a line', () => {
    const text = formatApiText({ b: 2, a: 'x' }, 'object', {}, { ...UTF8, noborder: true, noheader: true });
    assert.equal(text, 'a   x\nb   2\n', 'the title width counts even without a header');
    assert.equal(formatApiText('UPID:pve2:x', 'scalar', {}, UTF8), 'UPID:pve2:x\n');
  });
});
