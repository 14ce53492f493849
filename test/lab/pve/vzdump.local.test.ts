import { canRunLab } from './checks/canRunLab';
import { createLocalTarget } from './checks/labTarget';
import { VZDUMP_CHECKS } from './checks/vzdumpChecks';

/**
 * vzdump scenarios against the stand-in on a temporary root, for machines without the SSH lab
 * (where the lab runs, test/lab/vzdump.test.ts runs the same checks over SSH).
 */
describe('vzdump stand-in (local root)', function () {
  this.timeout(90_000);
  before(function () {
    if (canRunLab() && !process.env.PVE_LAB_LOCAL_CHECKS) this.skip();
  });
  let target: Awaited<ReturnType<typeof createLocalTarget>>;

  before(async () => {
    target = await createLocalTarget();
  });
  beforeEach(async () => {
    await target.reset();
  });
  after(async () => {
    await target?.dispose();
  });

  for (const check of VZDUMP_CHECKS) {
    it(check.name, () => check.run(target));
  }
});
