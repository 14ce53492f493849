import * as assert from 'node:assert/strict';
import { VDEVS } from '../../../lab/runtime/labLayout';
import {
  leafVdevNames,
  mirrorWarnings,
  modelFromDeviceName,
  type DiskFact,
} from '../../../../src/domain/zfs/mirrorMismatch';
import { parseZpoolStatus, type ZpoolStatus } from '../../../../src/domain/zfs/parseZpoolStatus';
import { readFixture } from './zpoolFixtures';

// Mirrors whose sides differ in size or model (runbook: "Do NOT mix SSD sizes or models in ZFS
// mirrors long-term"), on the pve2 lab's seed and on captured outputs.

const TEAM_256 = 'ata-TEAM_T253256GB_TPBF2212130080607072-part3';
const TEAM_1T = 'ata-TEAM_T2531TB_TPBG2212130010401358-part3';

function pool(text: string): ZpoolStatus {
  const [first] = parseZpoolStatus(text);
  assert.ok(first);
  return first;
}

const labSeed = pool(readFixture('40-lab-seed.txt'));
/** The lab's own vdevs as the script reports them: files, so sizes and no model. */
const labFacts: DiskFact[] = VDEVS.map((vdev) => ({ vdev: vdev.name, path: `/dev/${vdev.name}`, bytes: vdev.bytes }));

describe('leafVdevNames', () => {
  it('lists the two sides of the lab mirror', () => {
    assert.deepEqual(leafVdevNames(labSeed), [TEAM_256, TEAM_1T]);
  });

  it('takes the data vdevs (spare-0 included, special too) but not logs, cache or spares, each once', () => {
    const names = leafVdevNames(pool(readFixture('16-mirror-spare-in-use-special-logs-cache-spares.txt')));
    assert.deepEqual(names, [
      '9d92cdac-f627-446c-8ace-169b6dec27a0',
      'f7c8e925-6ede-4331-8fd3-ee70570772e0',
      '1eb6a232-9a25-4867-80bb-ffd1b0797891',
      '474f99c6-a0d4-491f-8440-9c5761018b4d',
      'dca2f116-a998-4b2d-92d5-4389837cc8c8',
      '58d6865e-664f-456c-a6bb-391e53e014d8',
    ]);
  });
});

describe('modelFromDeviceName', () => {
  it('reads the model of ata- and nvme- names, underscores as spaces, without serial or partition', () => {
    assert.equal(modelFromDeviceName(TEAM_256), 'TEAM T253256GB');
    assert.equal(modelFromDeviceName(`/dev/disk/by-id/${TEAM_1T}`), 'TEAM T2531TB');
    assert.equal(
      modelFromDeviceName('nvme-Samsung_SSD_970_EVO_Plus_1TB_S4EWNX0R123456'),
      'Samsung SSD 970 EVO Plus 1TB',
    );
    assert.equal(modelFromDeviceName('nvme-WDC_WDS500G2B0C-00PXH0_2039E4801234-part2'), 'WDC WDS500G2B0C-00PXH0');
  });

  it('knows no model for other names', () => {
    for (const name of [
      'sda2',
      'wwn-0x5002538e40a1b2c3',
      'nvme-eui.0025385b71b0a1b2',
      'ata-NOSERIAL',
      '9d92cdac-f627-446c-8ace-169b6dec27a0',
    ]) {
      assert.equal(modelFromDeviceName(name), undefined, name);
    }
  });
});

describe('mirrorWarnings', () => {
  it('warns about the lab mirror: 512 MiB and 2 GiB of two models', () => {
    const [warning, ...more] = mirrorWarnings(labSeed, labFacts);
    assert.equal(more.length, 0);
    assert.ok(warning);
    assert.equal(warning.pool, 'rpool');
    assert.equal(warning.mirror, 'mirror-0');
    assert.deepEqual(warning.sides, [
      { vdev: TEAM_256, bytes: VDEVS[0].bytes, model: 'TEAM T253256GB' },
      { vdev: TEAM_1T, bytes: VDEVS[1].bytes, model: 'TEAM T2531TB' },
    ]);
    assert.match(
      warning.message,
      /^mirror-0 of rpool mixes disk sizes \(512 MiB and 2 GiB\) and models \(TEAM T253256GB and TEAM T2531TB\)\./,
    );
    assert.match(warning.message, /smallest side .* 1\.5 GiB of the larger disk stays unused/);
    assert.match(warning.message, /runbook says not to mix SSD sizes or models/);
  });

  it('names pve2 sizes the way people read them, and knows the zfs-fuse "mirror" without -0', () => {
    const oldMirror = pool(readFixture('40-lab-seed.txt').replace('mirror-0', 'mirror'));
    const facts = [
      { vdev: TEAM_256, bytes: 256_060_514_304, model: 'TEAM T253256GB' },
      { vdev: TEAM_1T, bytes: 1_000_204_886_016, model: 'TEAM T2531TB' },
    ];
    const [warning] = mirrorWarnings(oldMirror, facts);
    assert.equal(warning?.mirror, 'mirror');
    assert.match(warning?.message ?? '', /sizes \(238\.5 GiB and 931\.5 GiB\)/);
  });

  it('says nothing about equal disks, sizes within 1%, or one model written two ways', () => {
    const samsung = ['ata-Samsung_SSD_870_EVO_1TB_S6PTNZ0R111111', 'ata-Samsung_SSD_870_EVO_1TB_S6PTNZ0R222222'];
    const status = pool(
      readFixture('40-lab-seed.txt')
        .replace(TEAM_256, samsung[0] ?? '')
        .replace(TEAM_1T, samsung[1] ?? ''),
    );
    assert.deepEqual(
      mirrorWarnings(status, [
        { vdev: samsung[0] ?? '', bytes: 1_000_204_886_016 },
        { vdev: samsung[1] ?? '', bytes: 1_000_204_886_016 },
      ]),
      [],
    );
    const close = [
      { vdev: samsung[0] ?? '', bytes: 1_000_204_886_016, model: 'Samsung SSD 870 EVO 1TB ' },
      { vdev: samsung[1] ?? '', bytes: 995_000_000_000 },
    ];
    assert.deepEqual(mirrorWarnings(status, close), []);
  });

  it('does not compare unknown sizes', () => {
    const facts = [{ vdev: TEAM_256, bytes: 256_060_514_304, model: 'TEAM T2531TB' }, { vdev: TEAM_1T }];
    assert.deepEqual(mirrorWarnings(labSeed, facts), []);
    assert.deepEqual(
      mirrorWarnings(labSeed, []).map((warning) => warning.sides.map((side) => side.bytes)),
      [[undefined, undefined]],
    );
  });

  it('warns about a model difference alone', () => {
    const facts = [
      { vdev: TEAM_256, bytes: 512 * 1024 ** 3, model: 'CT500MX500SSD1' },
      { vdev: TEAM_1T, bytes: 512 * 1024 ** 3, model: 'Samsung SSD 860 EVO 500GB' },
    ];
    const [warning] = mirrorWarnings(labSeed, facts);
    assert.match(
      warning?.message ?? '',
      /^mirror-0 of rpool mixes disk models \(CT500MX500SSD1 and Samsung SSD 860 EVO 500GB\)\. Models differ/,
    );
    assert.doesNotMatch(warning?.message ?? '', /disk sizes|unused/);
  });

  it('ignores raidz, and checks a mirror in the dedup section', () => {
    const tank = pool(readFixture('30-json-manpage-example.txt'));
    const raidz = [
      { vdev: 'ca1eb824-c371-491d-ac13-37637e35c683', bytes: 1024 ** 4, model: 'ST1000DM010' },
      { vdev: '97cd98fb-8fb8-4ac4-bc84-bd8950a7ace7', bytes: 4 * 1024 ** 4, model: 'WDC WD40EFRX' },
      { vdev: 'e9ddba5f-f948-4734-a472-cb8aa5f0ff65', bytes: 4 * 1024 ** 4, model: 'WDC WD40EFRX' },
    ];
    assert.deepEqual(mirrorWarnings(tank, raidz), []);
    const dedup = [
      { vdev: 'db017360-d8e9-4163-961b-144ca75293a3', bytes: 100 * 1024 ** 3 },
      { vdev: '952c3baf-b08a-4a8c-b7fa-33a07af5fe6f', bytes: 200 * 1024 ** 3 },
    ];
    const [warning, ...more] = mirrorWarnings(tank, [...raidz, ...dedup]);
    assert.equal(more.length, 0);
    assert.equal(warning?.mirror, 'mirror-2');
    assert.match(warning?.message ?? '', /sizes \(100 GiB and 200 GiB\)/);
  });
});
