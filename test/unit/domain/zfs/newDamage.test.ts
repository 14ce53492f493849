import * as assert from 'node:assert/strict';
import { DamageAnnouncer } from '../../../../src/domain/zfs/newDamage';

const pool = (name: string, permanent: string[]) => ({ name, errors: { clean: permanent.length === 0, permanent } });

describe('announcing damaged files once', () => {
  it('takes the first look as the baseline, then reports each new entry once, per host and pool', () => {
    const announcer = new DamageAnnouncer();
    assert.deepEqual(announcer.fresh('pve2', [pool('rpool', ['/a', '/b'])]), []);
    assert.deepEqual(announcer.fresh('pve2', [pool('rpool', ['/a', '/b'])]), []);
    assert.deepEqual(announcer.fresh('pve2', [pool('rpool', ['/a', '/b', '/c'])]), [{ pool: 'rpool', entry: '/c' }]);
    assert.deepEqual(announcer.fresh('pve2', [pool('rpool', ['/a', '/b', '/c'])]), []);
    assert.deepEqual(announcer.fresh('pve3', [pool('rpool', ['/a'])]), []);
    assert.deepEqual(announcer.fresh('pve3', [pool('rpool', ['/a']), pool('tank', ['/a'])]), [
      { pool: 'tank', entry: '/a' },
    ]);
  });
});
