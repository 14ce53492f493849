import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findDestructiveLines } from '../../../../src/domain/runbook/destructive';
import {
  blocksInSection,
  findCommandBlocks,
  findHeadings,
  readFrontMatter,
} from '../../../../src/domain/runbook/findCommandBlocks';

const text = fs.readFileSync(path.resolve(__dirname, '../../../../examples/pve2-incident-runbook.md'), 'utf8');

describe('the example runbook', () => {
  const blocks = findCommandBlocks(text);

  it('targets pve2 and has the runbook commands as named blocks with unique ids', () => {
    assert.equal(readFrontMatter(text)['pve-host'], 'pve2');
    assert.deepEqual(
      blocks.map((b) => b.attributes.name),
      [
        'overview',
        'zfs-health',
        'make-tmpdir',
        'set-tmpdir',
        'end-stuck-backup',
        'remove-lock',
        'backup-1034-local',
        'backup-1031-nfs',
        'task-log',
        'progress',
        'nfs-write-test',
        'archives',
      ],
    );
    assert.equal(new Set(blocks.map((b) => b.id)).size, blocks.length);
  });

  it('asks before the cleanup blocks and only there', () => {
    const asking = blocks
      .filter((b) => b.attributes.confirm === true || findDestructiveLines(b.code).length > 0)
      .map((b) => b.attributes.name);
    assert.deepEqual(asking, ['end-stuck-backup', 'remove-lock']);
  });

  it('asks for the UPID of the task log block', () => {
    assert.deepEqual(
      blocks.find((b) => b.attributes.name === 'task-log')?.placeholders.map((p) => p.name),
      ['UPID'],
    );
  });

  it('groups the blocks by section', () => {
    const headings = findHeadings(text);
    const cleanup = headings.find((h) => h.text.startsWith('4.'));
    assert.ok(cleanup);
    assert.deepEqual(
      blocksInSection(blocks, headings, cleanup.line).map((b) => b.attributes.name),
      ['end-stuck-backup', 'remove-lock'],
    );
  });
});
