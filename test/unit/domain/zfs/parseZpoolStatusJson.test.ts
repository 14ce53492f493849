import * as assert from 'node:assert/strict';
import { parseZpoolStatus, parseZpoolStatusJson, type ZpoolStatus } from '../../../../src/domain/zfs/parseZpoolStatus';
import { closeTruncatedJson, readFixture } from './zpoolFixtures';

// `zpool status -j`: the three reference captures (30 valid, 32 and 33 cut off), then documents built
// the way cmd/zpool/zpool_main.c (status_callback_json, vdev_stats_nvlist) writes them, for what no
// capture shows: the flat tree, spares, CANT_OPEN, notes, the error list, and equality with the text.

function onlyPool(pools: ZpoolStatus[]): ZpoolStatus {
  assert.equal(pools.length, 1);
  const pool = pools[0];
  assert.ok(pool);
  return pool;
}

describe('parseZpoolStatus: JSON output', () => {
  it('30 man page example: nested tree, dedup and special sections, "status": "OK", HEALTHY states', () => {
    const pool = onlyPool(parseZpoolStatus(readFixture('30-json-manpage-example.txt')));
    assert.equal(pool.name, 'tank');
    assert.equal(pool.state, 'ONLINE');
    // "OK" is what the text shows as no status line.
    assert.equal(pool.status, undefined);
    assert.equal(pool.scan, undefined);
    assert.deepEqual(pool.errors, { clean: true, permanent: [] });
    const leaf = (name: string) => ({ name, state: 'ONLINE', read: 0, write: 0, cksum: 0, children: [] });
    const special = (name: string) => ({ ...leaf(name), section: 'special' as const });
    const dedup = (name: string) => ({ ...leaf(name), section: 'dedup' as const });
    assert.deepEqual(pool.vdevs, [
      {
        ...leaf('tank'),
        children: [
          {
            ...leaf('raidz1-0'),
            children: [
              leaf('ca1eb824-c371-491d-ac13-37637e35c683'),
              leaf('97cd98fb-8fb8-4ac4-bc84-bd8950a7ace7'),
              leaf('e9ddba5f-f948-4734-a472-cb8aa5f0ff65'),
            ],
          },
        ],
      },
      {
        name: 'dedup',
        state: '',
        read: 0,
        write: 0,
        cksum: 0,
        section: 'dedup',
        children: [
          {
            ...dedup('mirror-2'),
            children: [dedup('db017360-d8e9-4163-961b-144ca75293a3'), dedup('952c3baf-b08a-4a8c-b7fa-33a07af5fe6f')],
          },
        ],
      },
      {
        name: 'special',
        state: '',
        read: 0,
        write: 0,
        cksum: 0,
        section: 'special',
        children: [special('25d418f8-92bd-4327-b59f-7ef5d5f50d81')],
      },
    ]);
  });

  it('32 --json-int (cut off in scan_stats): integer counters, the status text joined, a finished scrub', () => {
    const text = readFixture('32-json-int-flat-vdevs-zfs_exporter-truncated.txt');
    assert.throws(() => parseZpoolStatus(text), /zpool status JSON could not be read/);
    const pool = onlyPool(parseZpoolStatus(closeTruncatedJson(text, '}}}}')));
    assert.equal(pool.name, 'greenwood');
    assert.equal(pool.state, 'ONLINE');
    assert.equal(
      pool.status,
      'One or more devices has experienced an unrecoverable error.  An attempt was made to correct the error.  Applications are unaffected.',
    );
    assert.equal(
      pool.action,
      "Determine if the device needs to be replaced, and clear the errors using 'zpool clear' or replace the device with 'zpool replace'.",
    );
    assert.equal(pool.see, 'https://openzfs.github.io/openzfs-docs/msg/ZFS-8000-9P');
    // 983040 bytes processed = 960K; end_time 1767829343 = 2026-01-07T23:42:23Z.
    assert.deepEqual(pool.scan, {
      kind: 'scrub',
      state: 'finished',
      errors: 0,
      text: 'scrub repaired 960K with 0 errors on 2026-01-07T23:42:23Z',
    });
    assert.deepEqual(pool.vdevs, []);
  });

  it('33 pre-release (cut off at "vdevs"): the enum status name is kept, the pool matches the text half', () => {
    const [textPart, jsonPart] = readFixture('33-json-prerelease-pr16217-degraded.txt').split(/^---- JSON.*$/m);
    const fromJson = onlyPool(parseZpoolStatus(closeTruncatedJson(jsonPart ?? '', '}}}}')));
    const fromText = onlyPool(parseZpoolStatus(textPart ?? ''));
    assert.equal(fromJson.status, 'FAULTED_DEV_R');
    assert.deepEqual([fromJson.name, fromJson.state], [fromText.name, fromText.state]);
    assert.deepEqual([fromJson.name, fromJson.state], ['tank', 'DEGRADED']);
  });

  it('gives the same object as the text for the same pool (fixture 14, resilvering with a missing disk)', () => {
    const fromText = onlyPool(parseZpoolStatus(readFixture('14-raidz2-resilver-expand-was-path.txt')));
    const disk = (name: string, cksum: number, extra: Record<string, unknown> = {}) => ({
      name,
      vdev_type: 'disk',
      path: name,
      class: 'normal',
      state: 'ONLINE',
      read_errors: '0',
      write_errors: '0',
      checksum_errors: String(cksum),
      ...extra,
    });
    const document = {
      output_version: { command: 'zpool status', vers_major: 0, vers_minor: 1 },
      pools: {
        storage: {
          name: 'storage',
          state: 'DEGRADED',
          status:
            'One or more devices is currently being resilvered.  The pool will\n\tcontinue to function, possibly in a degraded state.\n',
          action: 'Wait for the resilver to complete.\n',
          scan_stats: {
            function: 'RESILVER',
            state: 'SCANNING',
            start_time: 'Thu Feb 19 18:24:38 2026',
            to_examine: '104T',
            skipped: '0B',
            issued: '48.5T',
            processed: '2.80T',
            errors: '0',
            scrub_pause: '-',
          },
          vdevs: {
            storage: {
              name: 'storage',
              vdev_type: 'root',
              class: 'normal',
              state: 'DEGRADED',
              read_errors: '0',
              write_errors: '0',
              checksum_errors: '0',
              vdevs: {
                'raidz2-0': {
                  name: 'raidz2-0',
                  vdev_type: 'raidz',
                  class: 'normal',
                  state: 'DEGRADED',
                  read_errors: '0',
                  write_errors: '0',
                  checksum_errors: '0',
                  vdevs: {
                    '/dev/sdt1': disk('/dev/sdt1', 9, { scan_processed: '1.40T' }),
                    '/dev/sdu1': disk('/dev/sdu1', 14, { scan_processed: '1.40T' }),
                    'replacing-2': {
                      name: 'replacing-2',
                      vdev_type: 'replacing',
                      class: 'normal',
                      state: 'DEGRADED',
                      read_errors: '0',
                      write_errors: '0',
                      checksum_errors: '26',
                      vdevs: {
                        '11687508470009778260': disk('11687508470009778260', 0, {
                          state: 'CANT_OPEN',
                          not_present: '1',
                          was: '/dev/sdv1/old',
                        }),
                        '/dev/sdv1': disk('/dev/sdv1', 0, { scan_processed: '1.40T' }),
                      },
                    },
                  },
                },
              },
            },
          },
          error_count: '1',
        },
      },
    };
    const fromJson = onlyPool(parseZpoolStatusJson(JSON.stringify(document)));
    assert.deepEqual(fromJson.vdevs, fromText.vdevs);
    assert.deepEqual(fromJson.errors, fromText.errors);
    assert.deepEqual(
      [fromJson.name, fromJson.state, fromJson.status, fromJson.action],
      [fromText.name, fromText.state, fromText.status, fromText.action],
    );
    assert.deepEqual([fromJson.scan?.kind, fromJson.scan?.state], ['resilver', 'in-progress']);
    // 48.5T / 104T; the text said 46.64 % from the exact byte counts.
    assert.equal(fromJson.scan?.percent, 46.63);
    // It also accepts the value JSON.parse made.
    assert.deepEqual(parseZpoolStatusJson(document), [fromJson]);
  });

  it('reads --json-flat-vdevs (parents after children) into the same tree, with spares, logs and the error list', () => {
    const vdev = (name: string, parent: string | undefined, extra: Record<string, unknown> = {}) => ({
      name,
      ...(parent ? { parent } : {}),
      state: 'ONLINE',
      read_errors: 0,
      write_errors: 0,
      checksum_errors: 0,
      ...extra,
    });
    const document = {
      pools: {
        '8675309': {
          name: 'rpool',
          state: 'ONLINE',
          status:
            'One or more devices has experienced an error resulting in data\n\tcorruption.  Applications may be affected.\n',
          moreinfo: 'https://openzfs.github.io/openzfs-docs/msg/ZFS-8000-8A',
          scan_stats: {
            function: 'SCRUB',
            state: 'SCANNING',
            start_time: 1767782105,
            to_examine: 1000,
            skipped: 200,
            issued: 200,
            processed: 0,
            errors: 0,
            scrub_pause: 0,
          },
          vdevs: {
            sda: vdev('sda', 'mirror-0', { checksum_errors: 2089, scan_processed: 4096 }),
            sdb: vdev('sdb', 'mirror-0', { state: 'CANT_OPEN', aux: 'OPEN_FAILED' }),
            'mirror-0': vdev('mirror-0', 'rpool', { state: 'DEGRADED' }),
            rpool: vdev('rpool', undefined, { class: 'normal', state: 'DEGRADED' }),
            // fill_vdev_info() finds is_log only on the top-level log vdev: its leaves say "normal".
            nvme0n1: vdev('nvme0n1', 'mirror-1', { class: 'normal', scan_processed: 4096 }),
            nvme1n1: vdev('nvme1n1', 'mirror-1', { class: 'normal' }),
            'mirror-1': vdev('mirror-1', undefined, { class: 'log', scan_processed: 4096 }),
            sdc: vdev('sdc', undefined, {
              class: 'spare',
              state: 'INUSE',
              aux: 'SPARED',
              used_by: 'tank',
              read_errors: undefined,
            }),
            sdd: vdev('sdd', undefined, { class: 'spare', state: 'AVAIL' }),
          },
          error_count: 2,
          errlist: ['rpool/data/vm-100-disk-0:<0x1>', '/var/lib/vz/images/10006/vm-10006-disk-0.raw'],
        },
      },
    };
    const pool = onlyPool(parseZpoolStatusJson(document));
    assert.equal(pool.name, 'rpool');
    assert.equal(pool.see, 'https://openzfs.github.io/openzfs-docs/msg/ZFS-8000-8A');
    assert.deepEqual(pool.scan, {
      kind: 'scrub',
      state: 'in-progress',
      percent: 25,
      text: 'scrub in progress since 2026-01-07T10:35:05Z\n25.00% done',
    });
    assert.deepEqual(pool.errors, {
      clean: false,
      permanent: ['rpool/data/vm-100-disk-0:<0x1>', '/var/lib/vz/images/10006/vm-10006-disk-0.raw'],
    });
    assert.deepEqual(pool.vdevs, [
      {
        name: 'rpool',
        state: 'DEGRADED',
        read: 0,
        write: 0,
        cksum: 0,
        children: [
          {
            name: 'mirror-0',
            state: 'DEGRADED',
            read: 0,
            write: 0,
            cksum: 0,
            children: [
              { name: 'sda', state: 'ONLINE', read: 0, write: 0, cksum: 2089, children: [], note: '(repairing)' },
              { name: 'sdb', state: 'UNAVAIL', read: 0, write: 0, cksum: 0, children: [], note: 'cannot open' },
            ],
          },
        ],
      },
      {
        name: 'logs',
        state: '',
        read: 0,
        write: 0,
        cksum: 0,
        section: 'logs',
        children: [
          {
            name: 'mirror-1',
            state: 'ONLINE',
            read: 0,
            write: 0,
            cksum: 0,
            section: 'logs',
            // Only leaves get "(repairing)", as in print_status_config().
            children: [
              {
                name: 'nvme0n1',
                state: 'ONLINE',
                read: 0,
                write: 0,
                cksum: 0,
                children: [],
                section: 'logs',
                note: '(repairing)',
              },
              { name: 'nvme1n1', state: 'ONLINE', read: 0, write: 0, cksum: 0, children: [], section: 'logs' },
            ],
          },
        ],
      },
      {
        name: 'spares',
        state: '',
        read: 0,
        write: 0,
        cksum: 0,
        section: 'spares',
        children: [
          {
            name: 'sdc',
            state: 'INUSE',
            read: 0,
            write: 0,
            cksum: 0,
            children: [],
            section: 'spares',
            note: "in use by pool 'tank'",
          },
          { name: 'sdd', state: 'AVAIL', read: 0, write: 0, cksum: 0, children: [], section: 'spares' },
        ],
      },
    ]);
  });

  it('maps vdev states and reasons to the words of the text', () => {
    const leaf = (state: string, extra: Record<string, unknown> = {}) => ({
      state,
      read_errors: '0',
      write_errors: '0',
      checksum_errors: '0',
      ...extra,
    });
    const document = {
      pools: {
        tank: {
          name: 'tank',
          state: 'FAULTED',
          vdevs: {
            tank: {
              name: 'tank',
              state: 'CANT_OPEN',
              aux: 'NO_REPLICAS',
              vdevs: {
                a: leaf('CANT_OPEN', { aux: 'CORRUPT_DATA' }),
                b: leaf('CLOSED'),
                c: leaf('FAULTED', { aux: 'ERR_EXCEEDED', read_errors: '1.88K' }),
                d: leaf('FAULTED', { aux: 'ERR_EXCEEDED', slow_ios: '12' }),
                e: leaf('FAULTED', { aux: 'EXTERNAL' }),
                f: leaf('ONLINE', { configured_ashift: '9', physical_ashift: '12', removing: '1' }),
                g: leaf('REMOVED', { aux: 'TOO_SMALL' }),
                h: leaf('CANT_OPEN', { aux: 'SPLIT_POOL' }),
                i: { name: 'i' },
              },
            },
          },
          error_count: '0',
        },
      },
    };
    const pool = onlyPool(parseZpoolStatusJson(document));
    assert.deepEqual([pool.vdevs[0]?.state, pool.vdevs[0]?.note], ['UNAVAIL', 'insufficient replicas']);
    assert.deepEqual(
      pool.vdevs[0]?.children.map((vdev) => [vdev.name, vdev.state, vdev.read, vdev.note]),
      [
        ['a', 'FAULTED', 0, 'corrupted data'],
        ['b', 'OFFLINE', 0, undefined],
        ['c', 'FAULTED', 1925, 'too many errors'],
        ['d', 'FAULTED', 0, 'too many slow I/Os'],
        ['e', 'FAULTED', 0, 'external device fault'],
        ['f', 'ONLINE', 0, 'block size: 512B configured, 4096B native  (removing)'],
        ['g', 'REMOVED', 0, 'corrupted data'],
        ['h', 'SPLIT', 0, 'split into new pool'],
        // The draid bug (openzfs/zfs#18431): no state at all.
        ['i', 'UNKNOWN', 0, undefined],
      ],
    );
    assert.deepEqual(pool.errors, { clean: true, permanent: [] });
  });

  it('reads scan states, rebuilds and an unreadable error log', () => {
    const pool = (extra: Record<string, unknown>) =>
      onlyPool(parseZpoolStatusJson({ pools: { p: { name: 'p', state: 'ONLINE', vdevs: {}, ...extra } } }));
    assert.deepEqual(pool({ scan_stats: { function: 'NONE', state: 'NONE' } }).scan, {
      kind: 'none',
      state: 'none',
      text: 'none requested',
    });
    assert.deepEqual(
      pool({ scan_stats: { function: 'SCRUB', state: 'CANCELED', end_time: 'Mon Jul 16 16:30:35 2018' } }).scan,
      { kind: 'scrub', state: 'canceled', text: 'scrub canceled on Mon Jul 16 16:30:35 2018' },
    );
    assert.deepEqual(
      pool({
        scan_stats: {
          function: 'RESILVER',
          state: 'FINISHED',
          processed: '1.73T',
          errors: '1',
          end_time: 'Fri Jul  6 06:20:41 2018',
        },
      }).scan,
      {
        kind: 'resilver',
        state: 'finished',
        errors: 1,
        text: 'resilvered 1.73T with 1 errors on Fri Jul  6 06:20:41 2018',
      },
    );
    const paused = pool({
      scan_stats: {
        function: 'SCRUB',
        state: 'SCANNING',
        to_examine: 400,
        skipped: 0,
        issued: 100,
        scrub_pause: 1767782105,
      },
    }).scan;
    assert.deepEqual(
      [paused?.state, paused?.percent, paused?.text.split('\n')[0]],
      ['in-progress', 25, 'scrub paused since 2026-01-07T10:35:05Z'],
    );
    const rebuild = pool({
      scan_stats: {
        function: 'NONE',
        state: 'NONE',
        rebuild_stats: {
          'draid2-0': { state: 'ACTIVE', scanned: 499, to_scan: 999, start_time: 'Sat Feb 14 20:04:35 2026' },
        },
      },
    }).scan;
    assert.deepEqual(
      [rebuild?.kind, rebuild?.state, rebuild?.percent, rebuild?.text.split('\n')[0]],
      ['resilver', 'in-progress', 49.9, 'resilver (draid2-0) in progress since Sat Feb 14 20:04:35 2026'],
    );
    assert.deepEqual(pool({ error_count: '3', errlist: 'Permission denied' }).errors, {
      clean: false,
      permanent: [],
      unavailable: true,
    });
    assert.deepEqual(pool({ error_count: '3' }).errors, { clean: false, permanent: [] });
  });

  it('refuses what is not zpool status JSON, with the reason', () => {
    assert.throws(() => parseZpoolStatus('{"pools": '), /zpool status JSON could not be read/);
    assert.throws(
      () => parseZpoolStatusJson({ pools: { tank: { name: 'tank' } } }),
      /not shaped as expected[\s\S]*state/,
    );
    assert.throws(() => parseZpoolStatusJson([]), /not shaped as expected/);
  });
});
