import { createSshTarget, stopLabIfStartedHere } from './pve/checks/sshTarget';
import { NFS_ACL_CHECK, VZDUMP_CHECKS } from './pve/checks/vzdumpChecks';

/** vzdump on the lab over real SSH: archives on ZFS, the runbook's failures and their fixes. */
describe('pve2 lab vzdump (over SSH)', function () {
  this.timeout(180_000);
  let target: Awaited<ReturnType<typeof createSshTarget>>;

  before(async function () {
    // the lab needs root; without it the local copies of these checks run instead
    if (process.getuid?.() !== 0) this.skip();
    target = await createSshTarget();
  });
  beforeEach(async () => {
    await target.reset();
  });
  after(async () => {
    await target?.applyStates(['seed']);
    await target?.dispose();
  });

  for (const check of VZDUMP_CHECKS) {
    it(check.name, () => check.run(target));
  }

  it(NFS_ACL_CHECK.name, async () => {
    await target.applyStates(['seed', 'nfs-acl']);
    await NFS_ACL_CHECK.run(target);
  });
});

// root-level hook: runs once after every suite of the run
after(() => stopLabIfStartedHere());
