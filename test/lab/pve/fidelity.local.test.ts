import { canRunLab } from './checks/canRunLab';
import { createLocalTarget } from './checks/labTarget';
import { FIDELITY_CHECKS, ok } from './checks/fidelityChecks';
import { MANY_GUESTS_CHECKS } from './checks/manyGuestsChecks';

/**
 * The fidelity checks against the stand-in on a temporary root (no SSH, no ZFS), for machines
 * without the SSH lab; where the lab runs, test/lab/fidelity.test.ts runs them over SSH.
 * PVE_LAB_LOCAL_CHECKS=1 runs them anyway.
 */
describe('pve stand-in fidelity (local root)', function () {
  this.timeout(60_000);
  before(function () {
    if (canRunLab() && !process.env.PVE_LAB_LOCAL_CHECKS) this.skip();
  });
  let target: Awaited<ReturnType<typeof createLocalTarget>>;

  before(async () => {
    target = await createLocalTarget();
  });
  after(async () => {
    await target?.dispose();
  });

  for (const check of FIDELITY_CHECKS) {
    it(check.name, () => check.run(target));
  }

  describe('in the many-guests state', () => {
    before(async () => {
      await target.reset();
      await ok(target, 'pve-lab many-guests on');
    });
    after(async () => {
      await target?.reset();
    });
    for (const check of MANY_GUESTS_CHECKS) {
      it(check.name, () => check.run(target));
    }
  });
});
