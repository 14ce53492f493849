import type { StorageDefinition } from '../proxmox/storageConfig';

// Where a path or dataset on a pool sits in Proxmox's storage layout (/etc/pve/storage.cfg):
// which storage holds it and which guest volume, if any, it is part of.

export interface StorageLocation {
  storage?: string;
  dataset?: string;
  volume?: string;
  vmid?: number;
}

/** Storage types that keep guest images as files under `<path>/images/<vmid>/`. */
const PATH_STORAGE_TYPES: ReadonlySet<string> = new Set(['dir', 'nfs', 'cifs']);

/**
 * The names Proxmox gives guest volumes: vm-/base- are disks (zvols on a zfspool storage),
 * subvol-/basevol- are container file systems (ZFS file systems).
 */
export function parseGuestVolumeName(name: string): { vmid: number; zvol: boolean } | undefined {
  const match = /^(vm|base|subvol|basevol)-(\d+)-\S+$/.exec(name);
  if (!match?.[1] || !match[2]) return undefined;
  return { vmid: Number(match[2]), zvol: match[1] === 'vm' || match[1] === 'base' };
}

/** A dataset named in an entry: the zfspool storage holding it, and the volume when it is one. */
export function locateDataset(
  dataset: string,
  storages: readonly StorageDefinition[],
): StorageLocation & { zvol: boolean } {
  const slash = dataset.lastIndexOf('/');
  const parent = slash < 0 ? '' : dataset.slice(0, slash);
  const leaf = dataset.slice(slash + 1);
  const guestVolume = parseGuestVolumeName(leaf);
  const holder = longest(
    storages.flatMap((s) => {
      const pool = zfsPoolOf(s);
      return pool && (dataset === pool || dataset.startsWith(`${pool}/`))
        ? [{ rootLength: pool.length, location: { id: s.id, pool } }]
        : [];
    }),
  );
  const location: StorageLocation & { zvol: boolean } = { zvol: guestVolume?.zvol ?? false };
  if (holder) location.storage = holder.id;
  // Proxmox creates its volumes directly below the storage's `pool`; anything deeper is not a volume.
  if (holder && guestVolume && holder.pool === parent) location.volume = `${holder.id}:${leaf}`;
  if (guestVolume) location.vmid = guestVolume.vmid;
  return location;
}

/**
 * A path printed for a mounted dataset. The storage whose directory holds it wins, the longest one when
 * several do (a storage inside another's directory). Without one, a container subvolume is still
 * recognised under the pool's default mountpoint `/<dataset>`.
 */
export function locateMountedPath(
  path: string,
  pool: string,
  storages: readonly StorageDefinition[],
): StorageLocation | undefined {
  return longest(storages.flatMap((s) => locateInStorage(path, s))) ?? locateByDefaultMountpoint(path, pool);
}

function locateInStorage(
  path: string,
  storage: StorageDefinition,
): { rootLength: number; location: StorageLocation }[] {
  const directory = PATH_STORAGE_TYPES.has(storage.type) ? storage.options.path : undefined;
  if (directory) {
    const root = withoutTrailingSlash(directory);
    const rest = below(path, root);
    return rest === undefined
      ? []
      : [{ rootLength: root.length, location: { storage: storage.id, ...locateInDirectory(storage.id, rest) } }];
  }
  const pool = zfsPoolOf(storage);
  if (pool) {
    // A zfspool storage mounts its datasets below `mountpoint`, by default ZFS's own `/<pool>`.
    const root = withoutTrailingSlash(storage.options.mountpoint ?? `/${pool}`);
    const rest = below(path, root);
    return rest === undefined
      ? []
      : [{ rootLength: root.length, location: { storage: storage.id, ...locateInZfsMount(storage.id, pool, rest) } }];
  }
  return [];
}

/** `images/<vmid>/<volume>[/...]` is a guest image (or a subvol directory); `dump/<file>` a backup archive. */
function locateInDirectory(storageId: string, rest: string): StorageLocation {
  const image = /^images\/(\d+)\/([^/]+)(?:\/|$)/.exec(rest);
  if (image?.[1] && image[2]) return { volume: `${storageId}:${image[1]}/${image[2]}`, vmid: Number(image[1]) };
  // No vmid here: the damage is in a backup, not in the guest's disk.
  const dump = /^dump\/([^/]+)$/.exec(rest);
  if (dump?.[1]) return { volume: `${storageId}:backup/${dump[1]}` };
  return {};
}

function locateInZfsMount(storageId: string, pool: string, rest: string): StorageLocation {
  const first = rest.split('/')[0] ?? '';
  const guestVolume = parseGuestVolumeName(first);
  if (!guestVolume || guestVolume.zvol) return {};
  return { dataset: `${pool}/${first}`, volume: `${storageId}:${first}`, vmid: guestVolume.vmid };
}

function locateByDefaultMountpoint(path: string, pool: string): StorageLocation | undefined {
  if (!pool || !path.startsWith(`/${pool}/`)) return undefined;
  const parts = path.slice(1).split('/');
  const index = parts.findIndex((part) => parseGuestVolumeName(part)?.zvol === false);
  const guestVolume = index > 0 ? parseGuestVolumeName(parts[index] ?? '') : undefined;
  return guestVolume ? { dataset: parts.slice(0, index + 1).join('/'), vmid: guestVolume.vmid } : undefined;
}

function zfsPoolOf(storage: StorageDefinition): string | undefined {
  const pool = storage.type === 'zfspool' ? storage.options.pool : undefined;
  return pool ? pool.replace(/^\/+|\/+$/g, '') || undefined : undefined;
}

function withoutTrailingSlash(path: string): string {
  return path.replace(/\/+$/, '');
}

/** The part of `path` below the directory `root` ('' for '/'), or undefined when it is not below it. */
function below(path: string, root: string): string | undefined {
  return path.startsWith(`${root}/`) ? path.slice(root.length + 1) : undefined;
}

/** The candidate with the longest root: the most specific storage. The first one on a tie. */
function longest<L>(candidates: readonly { rootLength: number; location: L }[]): L | undefined {
  let best: { rootLength: number; location: L } | undefined;
  for (const candidate of candidates) if (!best || candidate.rootLength > best.rootLength) best = candidate;
  return best?.location;
}
