import * as assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { healthMarkdown } from '../../../src/pve/health/healthMarkdown';
import { AREA_TITLES } from '../../../src/protocol/healthCheck';
import { codeSpan } from '../../../src/domain/markdownText';
import type { CheckView, FindingView, HealthReportState } from '../../../src/protocol/healthCheck';

// "Copy as Markdown": the health report of pve2 for an incident note. Areas in a fixed order,
// failures and warnings first within each, and remote text that cannot turn into markup.

const STARTED = Date.UTC(2026, 10, 26, 17, 0, 0);
const NFS_DUMP = '/mnt/pve/truenas-bu/dump';

function finding(
  area: FindingView['area'],
  verdict: FindingView['verdict'],
  title: string,
  evidence: string,
): FindingView {
  return { area, verdict, title, evidence };
}
function check(
  id: string,
  area: CheckView['area'],
  title: string,
  findings: FindingView[],
  extra: Partial<CheckView> = {},
): CheckView {
  return { id, area, title, state: 'done', findings, durationMs: 120, ...extra };
}
function state(checks: CheckView[], counts: HealthReportState['counts']): HealthReportState {
  return { host: 'pve2', node: 'pve2', startedAt: STARTED, durationMs: 4_000, running: false, checks, counts };
}

// deliberately not in area order, and passes before failures within a check
const CHECKS: CheckView[] = [
  check('policy', 'policy', 'the backup policy', [
    finding('policy', 'pass', '1031 docker: not in its backups: /mnt/Main', '/mnt/Main at /mnt/Main (mp0, bind mount)'),
    finding(
      'policy',
      'warning',
      '1034 plex: its newest backup was taken in snapshot mode',
      'local:backup/vzdump-lxc-1034-2026_11_26-02_10_12.tar.zst: backup mode: snapshot',
    ),
  ]),
  check('storage:local', 'storage', 'the write test on local', [
    finding(
      'storage',
      'pass',
      'local: create, timestamp, chown, chmod and remove work in /var/lib/vz/dump',
      'create ✓ timestamp ✓ chown ✓ chmod ✓ remove ✓',
    ),
  ]),
  check('storage:truenas-bu', 'storage', 'the write test on truenas-bu', [
    finding(
      'storage',
      'failure',
      'truenas-bu: the write test fails at the chown step',
      `chown root:root ${NFS_DUMP}/.pve-ops-write-test: Operation not permitted`,
    ),
  ]),
  check('locks', 'locks', 'the backup locks', [], {
    state: 'error',
    error: 'flock -s -n /var/run/vzdump.lock true failed (exit 127): bash: flock: command not found',
  }),
  check('vzdump.conf', 'vzdump.conf', 'vzdump.conf', [
    finding('vzdump.conf', 'pass', 'vzdump.conf reads cleanly', '1 option set, no errors'),
    finding(
      'vzdump.conf',
      'failure',
      'tmpdir /mnt/pve/truenas-bu/vzdump-tmp is not usable',
      '/mnt/pve/truenas-bu/vzdump-tmp is on a network share (nfs4)',
    ),
  ]),
];

describe('health check: the report as Markdown', () => {
  it('writes the areas in their fixed order, failures first within an area, and an errored check as a failure', () => {
    assert.equal(
      healthMarkdown(state(CHECKS, { pass: 3, warning: 1, failure: 3 })),
      [
        '# Health check: pve2 (node pve2)',
        '',
        '2026-11-26T17:00:00.000Z: 3 failed, 1 warning, 3 passed.',
        '',
        '## Backup storages',
        '',
        '- **PASS** local: create, timestamp, chown, chmod and remove work in /var/lib/vz/dump — `create ✓ timestamp ✓ chown ✓ chmod ✓ remove ✓`',
        `- **FAIL** truenas-bu: the write test fails at the chown step — \`chown root:root ${NFS_DUMP}/.pve-ops-write-test: Operation not permitted\``,
        '',
        '## vzdump.conf',
        '',
        '- **FAIL** tmpdir /mnt/pve/truenas-bu/vzdump-tmp is not usable — `/mnt/pve/truenas-bu/vzdump-tmp is on a network share (nfs4)`',
        '- **PASS** vzdump.conf reads cleanly — `1 option set, no errors`',
        '',
        '## Locks',
        '',
        '- **FAIL** could not check the backup locks: flock -s -n /var/run/vzdump.lock true failed (exit 127): bash: flock: command not found',
        '',
        '## Backup policy',
        '',
        '- **WARN** 1034 plex: its newest backup was taken in snapshot mode — `local:backup/vzdump-lxc-1034-2026_11_26-02_10_12.tar.zst: backup mode: snapshot`',
        '- **PASS** 1031 docker: not in its backups: /mnt/Main — `/mnt/Main at /mnt/Main (mp0, bind mount)`',
        '',
      ].join('\n'),
    );
  });

  it('keeps every area title in the order storage, vzdump.conf, locks, zfs, backups, policy', () => {
    const all = (Object.keys(AREA_TITLES) as CheckView['area'][])
      .reverse()
      .map((area) => check(area, area, area, [finding(area, 'pass', `${area} ok`, '')]));
    const headings = healthMarkdown(state(all, { pass: 6, warning: 0, failure: 0 }))
      .split('\n')
      .filter((l) => l.startsWith('## '));
    assert.deepEqual(headings, [
      '## Backup storages',
      '## vzdump.conf',
      '## Locks',
      '## ZFS',
      '## Backups per guest',
      '## Backup policy',
    ]);
  });

  it('leaves out empty areas and the evidence dash when there is no evidence, and writes warnings in the plural', () => {
    const text = healthMarkdown(
      state(
        [
          check('zfs', 'zfs', 'the pools', [
            finding('zfs', 'warning', 'rpool: last scrub 44 days ago', ''),
            finding('zfs', 'warning', 'tank: last scrub 40 days ago', 'scan: none requested'),
          ]),
        ],
        { pass: 0, warning: 2, failure: 0 },
      ),
    );
    assert.ok(text.includes(': 0 failed, 2 warnings, 0 passed.'), text);
    assert.deepEqual(
      text.split('\n').filter((l) => l.startsWith('#')),
      ['# Health check: pve2 (node pve2)', '## ZFS'],
    );
    assert.ok(text.includes('\n- **WARN** rpool: last scrub 44 days ago\n'), text);
    assert.ok(text.endsWith('- **WARN** tank: last scrub 40 days ago — `scan: none requested`\n'), text);
  });

  it('says which checks are still running', () => {
    const text = healthMarkdown(
      state([check('backups', 'backups', 'the backups of each guest', [], { state: 'running' })], {
        pass: 0,
        warning: 0,
        failure: 0,
      }),
    );
    assert.ok(text.endsWith('## Backups per guest\n\n- still checking the backups of each guest\n'), text);
  });

  it('escapes remote text: markup in titles and errors stays text, backticks and pipes stay inside the code span', () => {
    const hostile = check('vzdump.conf', 'vzdump.conf', 'vzdump.conf', [
      finding(
        'vzdump.conf',
        'warning',
        'tmpdir <img src=x onerror=alert(1)> could not be checked',
        'the host did not describe this path',
      ),
      finding(
        'vzdump.conf',
        'failure',
        'vzdump.conf has 1 line Proxmox rejects',
        'line 3: "tmpdir`s" is not a vzdump option',
      ),
      finding('vzdump.conf', 'pass', 'tmpdir *bold* [link](http://x) _it_ #h exists', 'tmpdir: /var/lib/vz/a|b'),
    ]);
    const errored = check('locks', 'locks', 'the [backup] locks', [], {
      state: 'error',
      error: 'bash: `<script>` | **boom**',
    });
    const report = state([hostile, errored], { pass: 1, warning: 1, failure: 2 });
    report.host = 'pve2 <b>lab</b>';
    const text = healthMarkdown(report);

    assert.ok(text.startsWith('# Health check: pve2 \\<b\\>lab\\</b\\> (node pve2)\n'), text);
    assert.ok(text.includes('- **WARN** tmpdir \\<img src=x onerror=alert(1)\\> could not be checked'), text);
    assert.ok(
      text.includes(
        '- **FAIL** vzdump.conf has 1 line Proxmox rejects — ``line 3: "tmpdir`s" is not a vzdump option``',
      ),
      text,
    );
    assert.ok(
      text.includes(
        '- **PASS** tmpdir \\*bold\\* \\[link\\](http://x) \\_it\\_ \\#h exists — `tmpdir: /var/lib/vz/a|b`',
      ),
      text,
    );
    assert.ok(
      text.includes('- **FAIL** could not check the \\[backup\\] locks: bash: \\`\\<script\\>\\` | \\*\\*boom\\*\\*'),
      text,
    );

    // and rendered by a renderer that lets HTML through, none of it becomes markup
    const html = new MarkdownIt({ html: true }).render(text);
    assert.ok(!/<(img|b|script|a|em)\b/.test(html), html);
    assert.ok(html.includes('<code>line 3: &quot;tmpdir`s&quot; is not a vzdump option</code>'), html);
    assert.ok(html.includes('tmpdir *bold* [link](http://x) _it_ #h exists'), html);
  });

  // Evidence goes in a plain code span: a backslash before | would be shown literally in a list item,
  // so "tmpdir: /var/lib/vz/a|b" must come out as it is (the table-cell escape is only for tables).
  it('renders evidence with a pipe exactly as the host printed it', () => {
    const text = healthMarkdown(
      state(
        [
          check('vzdump.conf', 'vzdump.conf', 'vzdump.conf', [
            finding('vzdump.conf', 'pass', 'vzdump.conf reads cleanly', 'exclude-path: /var/log/.+|/tmp/.+'),
          ]),
        ],
        { pass: 1, warning: 0, failure: 0 },
      ),
    );
    assert.ok(new MarkdownIt().render(text).includes('<code>exclude-path: /var/log/.+|/tmp/.+</code>'), text);
  });
});

describe('code spans for remote text', () => {
  it('keep any run of backticks inside: the fence is longer than the longest run', () => {
    for (const text of ['a``b', '`x`', 'plain', 'a```b`']) {
      const html = new MarkdownIt().renderInline(codeSpan(text));
      assert.equal(html, `<code>${text}</code>`, codeSpan(text));
    }
  });
});
