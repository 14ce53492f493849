import { quoteShellArg } from '../shell/shellQuote';
import type { RemoteOperation } from '../shell/remoteOperation';
import type { StorageDefinition } from '../proxmox/storageConfig';
import type { ConfDiagnostic, ConfLine, QuickFixHint } from './index';

// Checks that need the host: does the storage exist, do the directories exist, and is the
// temporary directory on a network share (the pve2 failure: rsync could not set owners and
// ACLs on the NFS share, so every suspend-mode container backup failed).

export const LOCAL_TMPDIR = '/var/lib/vz/vzdump-tmp';
const NETWORK_FILESYSTEMS = new Set(['nfs', 'nfs4', 'cifs', 'smb3', 'smbfs', 'fuse.sshfs', 'glusterfs']);
const NETWORK_STORAGE_TYPES = new Set(['nfs', 'cifs', 'glusterfs']);

export interface PathFact {
  path: string;
  kind: 'dir' | 'file' | 'missing';
  /** the filesystem type of the mount holding it, as findmnt prints it ('' when unknown) */
  fsType: string;
}

export interface VzdumpHostFacts {
  storages: { id: string; type: string; content: string[]; path?: string }[];
  paths: PathFact[];
}

export function storagesFromConfig(definitions: StorageDefinition[]): VzdumpHostFacts['storages'] {
  return definitions.map((d) => ({
    id: d.id,
    type: d.type,
    content: (d.options.content ?? '').split(',').filter(Boolean),
    path: d.options.path,
  }));
}

/** One round trip: what each path is, and the filesystem it lives on. */
export function pathFactsOperation(paths: string[]): RemoteOperation<PathFact[]> {
  const script = [
    `for p in ${paths.map(quoteShellArg).join(' ')}; do`,
    '  if [ -d "$p" ]; then k=dir; elif [ -e "$p" ]; then k=file; else k=missing; fi',
    '  t=$(findmnt -no FSTYPE -T "$p" 2>/dev/null | head -n 1)',
    `  printf '%s\\t%s\\t%s\\n' "$k" "$t" "$p"`,
    'done',
  ].join('\n');
  return {
    command: { script },
    parse: (output) =>
      output.stdout
        .split('\n')
        .map((line) => /^(dir|file|missing)\t([^\t]*)\t(.*)$/.exec(line))
        .filter((match): match is RegExpExecArray => match !== null)
        .map((match) => ({ kind: match[1] as PathFact['kind'], fsType: match[2] ?? '', path: match[3] ?? '' })),
  };
}

/** The paths the file names that the host should be asked about. */
export function pathsToCheck(values: Record<string, string | string[]>): string[] {
  return ['tmpdir', 'dumpdir']
    .map((key) => values[key])
    .filter((v): v is string => typeof v === 'string' && v.startsWith('/'));
}

export function checkAgainstHost(
  lines: ConfLine[],
  values: Record<string, string | string[]>,
  facts: VzdumpHostFacts,
): ConfDiagnostic[] {
  const diagnostics: ConfDiagnostic[] = [];
  const lastEntry = (key: string) => [...lines].reverse().find((l) => l.kind === 'entry' && l.key === key);
  const onValue = (
    line: ConfLine,
    severity: ConfDiagnostic['severity'],
    message: string,
    extra: Partial<ConfDiagnostic> = {},
  ): ConfDiagnostic => ({
    line: line.line,
    startColumn: line.valueStart,
    endColumn: Math.max(line.valueEnd, line.valueStart + 1),
    severity,
    message,
    key: line.key,
    code: 'host',
    ...extra,
  });

  const storage = values.storage;
  const storageLine = lastEntry('storage');
  if (typeof storage === 'string' && storageLine) {
    const found = facts.storages.find((s) => s.id === storage);
    if (!found)
      diagnostics.push(
        onValue(
          storageLine,
          'error',
          `This host has no storage "${storage}", so backups that rely on this default fail. Storages ` +
            `here: ${facts.storages.map((s) => s.id).join(', ') || 'none'}.`,
        ),
      );
    else if (!found.content.includes('backup'))
      diagnostics.push(
        onValue(
          storageLine,
          'error',
          `Storage "${storage}" does not hold backups (its content is ${found.content.join(', ') || 'empty'}); ` +
            `add "VZDump backup file" to its content or pick another storage.`,
        ),
      );
  }

  for (const key of ['tmpdir', 'dumpdir']) {
    const value = values[key];
    const line = lastEntry(key);
    if (typeof value !== 'string' || !line) continue;
    const fact = facts.paths.find((p) => p.path === value);
    if (!fact) continue;
    if (fact.kind === 'missing')
      diagnostics.push(
        onValue(
          line,
          'error',
          `${value} does not exist on the host; vzdump stops at the start of every job with "${key} '${value}' does not exist".`,
        ),
      );
    else if (fact.kind === 'file') diagnostics.push(onValue(line, 'error', `${value} is a file, not a directory.`));
    else if (key === 'tmpdir') {
      const network = networkShare(value, fact, facts);
      if (network) {
        diagnostics.push(
          onValue(
            line,
            'warning',
            `${value} is on a network share (${network}). rsync cannot set owners, permissions and ACLs ` +
              `there, so suspend-mode container backups fail with "Operation not permitted". Use a local ` +
              `directory such as ${LOCAL_TMPDIR}.`,
            {
              fix: setTmpdirFix(false),
            },
          ),
        );
      }
    }
  }

  if (values.tmpdir === undefined) {
    const shares = facts.storages.filter((s) => NETWORK_STORAGE_TYPES.has(s.type) && s.content.includes('backup'));
    if (shares.length) {
      const commented = lines.find((l) => l.kind === 'comment' && /^\s*#\s*tmpdir\s*:/.test(l.text));
      const names = shares.map((s) => `"${s.id}" (${s.type})`).join(', ');
      diagnostics.push({
        line: commented?.line ?? 0,
        startColumn: 0,
        endColumn: Math.max(1, (commented ?? lines[0])?.text.length ?? 1),
        severity: 'information',
        message:
          `No tmpdir is set. Container backups to ${names} then keep their temporary copy on the share, ` +
          `where rsync cannot set owners and ACLs. Setting a local tmpdir avoids that.`,
        code: 'host',
        key: 'tmpdir',
        fix: setTmpdirFix(commented === undefined),
      });
    }
  }
  return diagnostics;
}

/** Why a directory counts as a network share, or undefined when it is local. */
function networkShare(dir: string, fact: PathFact, facts: VzdumpHostFacts): string | undefined {
  if (NETWORK_FILESYSTEMS.has(fact.fsType)) return fact.fsType;
  // Proxmox mounts NFS and CIFS storages at their path; trust storage.cfg too.
  const storage = facts.storages.find(
    (s) =>
      NETWORK_STORAGE_TYPES.has(s.type) &&
      s.path &&
      (dir === s.path || dir.startsWith(`${s.path.replace(/\/+$/, '')}/`)),
  );
  return storage ? `${storage.type} storage "${storage.id}"` : undefined;
}

function setTmpdirFix(insert: boolean): QuickFixHint {
  return {
    kind: 'set-tmpdir',
    title: `Use the local ${LOCAL_TMPDIR} as tmpdir (and create it on the host)`,
    path: LOCAL_TMPDIR,
    replacementLine: `tmpdir: ${LOCAL_TMPDIR}`,
    insert,
  };
}
