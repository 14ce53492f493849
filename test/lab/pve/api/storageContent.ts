import * as fs from 'node:fs';
import { hostPath } from '../labPaths';
import { findStorage, type StorageEntry } from '../config/storageConfig';
import { listLxcIds } from '../config/lxcConfig';
import { networkStorageOffline } from './storageStatus';
import { runZfsTool } from './zfs';

export interface VolumeInfo {
  volid: string;
  content: string;
  format: string;
  size: number;
  used?: number;
  ctime?: number;
  vmid?: number;
  subtype?: string;
  notes?: string;
  protected?: 1;
}

const BACKUP_RE =
  /^vzdump-(lxc|qemu|openvz)-(\d+)-(\d{4})_(\d\d)_(\d\d)-(\d\d)_(\d\d)_(\d\d)\.(tar|vma|tgz)(\.(zst|gz|lzo))?$/;

function listDir(dir: string): string[] {
  try {
    return fs.readdirSync(dir).sort();
  } catch {
    return [];
  }
}

function backups(s: StorageEntry): VolumeInfo[] {
  const dir = hostPath(`${s.path}/dump`);
  const res: VolumeInfo[] = [];
  for (const name of listDir(dir)) {
    const m = BACKUP_RE.exec(name);
    if (!m) continue;
    const st = fs.statSync(`${dir}/${name}`);
    const ctime =
      new Date(Number(m[3]), Number(m[4]) - 1, Number(m[5]), Number(m[6]), Number(m[7]), Number(m[8])).getTime() / 1000;
    const notesFile = `${dir}/${name}.notes`;
    const info: VolumeInfo = {
      volid: `${s.storage}:backup/${name}`,
      content: 'backup',
      format: m[10] ? `${m[9]}.${m[11]}` : (m[9] ?? ''),
      size: st.size,
      ctime,
      vmid: Number(m[2]),
      subtype: m[1] === 'lxc' ? 'lxc' : 'qemu',
    };
    if (fs.existsSync(notesFile)) info.notes = fs.readFileSync(notesFile, 'utf8').trim();
    if (fs.existsSync(`${dir}/${name.replace(/(\.tar|\.vma)(\.\w+)?$/, '')}.protected`)) info.protected = 1;
    res.push(info);
  }
  return res;
}

function images(s: StorageEntry): VolumeInfo[] {
  const base = hostPath(`${s.path}/images`);
  const cts = new Set(listLxcIds());
  const res: VolumeInfo[] = [];
  for (const owner of listDir(base)) {
    if (!/^\d+$/.test(owner)) continue;
    for (const name of listDir(`${base}/${owner}`)) {
      const m = /^(vm|base|subvol)-\d+-disk-\d+(\.(raw|qcow2|vmdk))?$/.exec(name);
      if (!m) continue;
      const st = fs.statSync(`${base}/${owner}/${name}`);
      const vmid = Number(owner);
      const content = cts.has(vmid) ? 'rootdir' : 'images';
      if (!s.content.includes(content)) continue;
      res.push({
        volid: `${s.storage}:${owner}/${name}`,
        content,
        format: m[3] ?? 'subvol',
        size: st.size,
        used: st.blocks * 512,
        ctime: Math.floor(st.mtimeMs / 1000),
        vmid,
      });
    }
  }
  return res;
}

function templates(s: StorageEntry): VolumeInfo[] {
  const res: VolumeInfo[] = [];
  if (s.content.includes('vztmpl')) {
    for (const name of listDir(hostPath(`${s.path}/template/cache`))) {
      const m = /\.tar\.(gz|xz|zst)$/.exec(name);
      if (!m) continue;
      const st = fs.statSync(hostPath(`${s.path}/template/cache/${name}`));
      res.push({
        volid: `${s.storage}:vztmpl/${name}`,
        content: 'vztmpl',
        format: `t${m[1] === 'zst' ? 'zst' : m[1]}`,
        size: st.size,
        ctime: Math.floor(st.mtimeMs / 1000),
      });
    }
  }
  if (s.content.includes('iso')) {
    for (const name of listDir(hostPath(`${s.path}/template/iso`))) {
      if (!/\.(iso|img)$/i.test(name)) continue;
      const st = fs.statSync(hostPath(`${s.path}/template/iso/${name}`));
      res.push({
        volid: `${s.storage}:iso/${name}`,
        content: 'iso',
        format: 'iso',
        size: st.size,
        ctime: Math.floor(st.mtimeMs / 1000),
      });
    }
  }
  return res;
}

function zvols(s: StorageEntry): VolumeInfo[] {
  const out = runZfsTool('zfs', [
    'list',
    '-r',
    '-Hp',
    '-t',
    'volume,filesystem',
    '-o',
    'name,volsize,refquota,used,creation',
    s.pool ?? '',
  ]);
  if (!out) return [];
  const res: VolumeInfo[] = [];
  for (const line of out.split('\n')) {
    const [name, volsize, refquota, used, creation] = line.split('\t');
    const m = /\/((vm|base|subvol)-(\d+)-disk-\d+)$/.exec(name ?? '');
    if (!m) continue;
    const isVol = volsize !== '-';
    res.push({
      volid: `${s.storage}:${m[1]}`,
      content: m[2] === 'subvol' ? 'rootdir' : 'images',
      format: isVol ? 'raw' : 'subvol',
      size: Number(isVol ? volsize : refquota) || 0,
      used: Number(used) || 0,
      ctime: Number(creation) || 0,
      vmid: Number(m[3]),
    });
  }
  return res;
}

/** A storage that does not exist or does not answer: the API's error message. */
export class StorageUnavailableError extends Error {}

/** GET /nodes/{node}/storage/{storage}/content */
export function storageContent(storageId: string, filter: { content?: string; vmid?: number }): VolumeInfo[] {
  const s = findStorage(storageId);
  if (!s) throw new StorageUnavailableError(`storage '${storageId}' does not exist`);
  const offline = networkStorageOffline(s);
  if (offline) throw new StorageUnavailableError(offline);
  let list: VolumeInfo[] =
    s.type === 'zfspool'
      ? zvols(s)
      : [...(s.content.includes('backup') ? backups(s) : []), ...images(s), ...templates(s)];
  if (filter.content) list = list.filter((v) => v.content === filter.content);
  if (filter.vmid !== undefined) list = list.filter((v) => v.vmid === filter.vmid);
  return list.sort((a, b) => (a.volid < b.volid ? -1 : a.volid > b.volid ? 1 : 0));
}
