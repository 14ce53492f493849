import { FIDELITY_CHECKS, ok } from './pve/checks/fidelityChecks';
import { MANY_GUESTS_CHECKS } from './pve/checks/manyGuestsChecks';
import { createSshTarget, stopLabIfStartedHere } from './pve/checks/sshTarget';

/** Every stand-in output against the reference formats, over real SSH on the running lab. */
describe('pve2 lab fidelity (over SSH)', function () {
  this.timeout(120_000);
  let target: Awaited<ReturnType<typeof createSshTarget>>;

  before(async function () {
    // the lab needs root; without it the local copies of these checks run instead
    if (process.getuid?.() !== 0) this.skip();
    target = await createSshTarget();
  });
  after(async () => {
    await target?.reset();
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

// root-level hook: runs once after every suite of the run
after(() => stopLabIfStartedHere());
