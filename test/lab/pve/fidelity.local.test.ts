import { createLocalTarget } from './checks/labTarget';
import { FIDELITY_CHECKS } from './checks/fidelityChecks';

/** The fidelity checks against the stand-in on a temporary root (no SSH, no ZFS). */
describe('pve stand-in fidelity (local root)', function () {
  this.timeout(60_000);
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
});
