import { quoteShellArg } from '../shell/shellQuote';
import type { RemoteOperation } from '../shell/remoteOperation';

// What backs each leaf vdev: its device, size and model, asked for in ONE script. zpool prints
// only names, so the device is looked up where zpool itself finds it (by-id first, /dev last).

export interface DiskFact {
  vdev: string;
  path?: string;
  bytes?: number;
  model?: string;
}

/** Starts every line the script prints, so a login banner or a warning is never read as a fact. */
const MARKER = 'pve-ops-disk';

const SEARCH_DIRS = [
  '/dev/disk/by-id',
  '/dev/disk/by-vdev',
  '/dev/disk/by-partuuid',
  '/dev/disk/by-path',
  '/dev/mapper',
  '/dev',
];

// One line per device found: MARKER, index of the name, path, bytes, model (TAB-separated, any
// field may be empty). A name with no device prints nothing. blockdev lives in /sbin, which a
// non-root login's PATH may lack; lsblk knows the model only of a whole disk, hence PKNAME.
const FACT_FUNCTION = `fact() {
  dev=
  case $2 in
    /*) [ -e "$2" ] && dev=$2 ;;
    *) for dir in ${SEARCH_DIRS.join(' ')}; do
         if [ -e "$dir/$2" ]; then dev=$dir/$2; break; fi
       done ;;
  esac
  [ -n "$dev" ] || return 0
  size= model=
  if [ -b "$dev" ]; then
    size=$(blockdev --getsize64 "$dev" 2>/dev/null || lsblk -bndo SIZE "$dev" 2>/dev/null)
    parent=$(lsblk -ndo PKNAME "$dev" 2>/dev/null | head -n 1)
    disk=$dev; [ -z "$parent" ] || disk=/dev/$parent
    model=$(lsblk -ndo MODEL "$disk" 2>/dev/null | head -n 1 | tr '\\t' ' ')
  elif [ -f "$dev" ]; then
    size=$(stat -L -c %s "$dev" 2>/dev/null)
  fi
  printf '${MARKER}\\t%s\\t%s\\t%s\\t%s\\n' "$1" "$dev" "$size" "$model"
}`;

/**
 * One script: for each leaf vdev name, its device (the name itself if absolute, else the first of
 * SEARCH_DIRS that has it), its size (blockdev for block devices, stat -L for files such as the
 * lab's file vdevs) and its model (lsblk, for block devices). Every name gets a fact, in order;
 * one whose device was not found (or whose line never arrived) has only `vdev`.
 */
export function diskFactsOperation(vdevNames: readonly string[]): RemoteOperation<DiskFact[]> {
  const script = [
    'LC_ALL=C; export LC_ALL',
    'PATH=$PATH:/usr/sbin:/sbin',
    FACT_FUNCTION,
    ...vdevNames.map((name, index) => `fact ${index} ${quoteShellArg(name)}`),
    'exit 0',
  ].join('\n');
  return {
    command: { script },
    parse: (output) => {
      const found = new Map<number, DiskFact>();
      const lines = output.stdout.split('\n');
      // a run that did not finish may have stopped mid-line: keep only whole lines then
      if (output.exitCode !== 0) lines.pop();
      for (const line of lines) {
        // a banner printed without a final newline ends up in front of the first line
        const at = line.indexOf(`${MARKER}\t`);
        if (at < 0) continue;
        const [, index = '', path = '', bytes = '', model = ''] = line.slice(at).replace(/\r$/, '').split('\t');
        const vdev = /^\d+$/.test(index) ? vdevNames[Number(index)] : undefined;
        if (vdev === undefined) continue;
        const fact: DiskFact = { vdev };
        if (path) fact.path = path;
        // 0 is what an empty card reader reports: no size to compare
        if (/^[1-9]\d*$/.test(bytes.trim())) fact.bytes = Number(bytes.trim());
        if (model.trim()) fact.model = model.trim();
        found.set(Number(index), fact);
      }
      return vdevNames.map((vdev, index) => found.get(index) ?? { vdev });
    },
  };
}
