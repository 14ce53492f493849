import * as assert from 'node:assert/strict';
import { scanProgressLabel } from '../../../src/protocol/zfsHealth';

describe('scanProgressLabel', () => {
  it('names the scan and its percentage as zpool printed it', () => {
    assert.equal(scanProgressLabel({ kind: 'scrub', percent: 3 }), 'Scrub 3% done');
    assert.equal(scanProgressLabel({ kind: 'scrub', percent: 0.04 }), 'Scrub 0.04% done');
    assert.equal(scanProgressLabel({ kind: 'resilver', percent: 57.25 }), 'Resilver 57.25% done');
  });

  it('says "in progress" when zpool gave no figure', () => {
    assert.equal(scanProgressLabel({ kind: 'scrub' }), 'Scrub in progress');
  });
});
