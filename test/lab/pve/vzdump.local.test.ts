import { createLocalTarget } from './checks/labTarget';
import { VZDUMP_CHECKS } from './checks/vzdumpChecks';

/** vzdump scenarios against the stand-in on a temporary root (the NFS switch needs the SSH lab). */
describe('vzdump stand-in (local root)', function () {
  this.timeout(90_000);
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
