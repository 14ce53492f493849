import { parseConfigTree } from './configTree';
import { parseScanSection, pickScan } from './scanLine';
import type { PoolErrors, ZpoolScan, ZpoolStatus } from './types';

// The text of `zpool status [-v]`, every generation in test/fixtures/zpool-status (OpenZFS 2.x, ZoL 0.6-0.8,
// FreeBSD, Solaris-era docs, the lab's zfs-fuse). Line by line:
// - labels ("  pool:", " state:", "status:", "   see:", "  scan:", " scrub:", "config:", "errors:", ...)
//   start with at most 3 spaces (how many varies between versions and labels);
// - their continuation lines, the config rows and the error entries start with a TAB or 4+ spaces
//   (8 when a paste expanded the TAB);
// - anything else (a `date` line between two outputs, "....." elisions) ends the current section.
// The error list can hold a very large number of entries, so its lines are taken without a regex.

const LABEL =
  /^ {0,3}(pool|state|status|action|see|scan|scrub|remove|checkpoint|expand|condense|config|errors):(?:[ \t]+(.*))?$/;
const ANSI = /\x1b\[[0-9;]*m/g; // colour codes, when run over a pty

type Label =
  | 'pool'
  | 'state'
  | 'status'
  | 'action'
  | 'see'
  | 'scan'
  | 'scrub'
  | 'remove'
  | 'checkpoint'
  | 'expand'
  | 'condense'
  | 'config'
  | 'errors';

interface PoolDraft {
  name: string;
  state: string;
  status: string[];
  action: string[];
  see: string[];
  scans: { label: string; lines: string[] }[];
  config: string[];
  errors: PoolErrors;
}

type Mode = 'none' | 'field' | 'config' | 'errorList';

function newDraft(name: string): PoolDraft {
  return {
    name,
    state: '',
    status: [],
    action: [],
    see: [],
    scans: [],
    config: [],
    errors: { clean: false, permanent: [] },
  };
}

/** A TAB or at least four spaces: a continuation line, config row or error entry. */
function isIndented(line: string): boolean {
  const first = line.charCodeAt(0);
  if (first === 9) return true;
  return first === 32 && line.charCodeAt(1) === 32 && line.charCodeAt(2) === 32 && line.charCodeAt(3) === 32;
}

function readErrorsLine(errors: PoolErrors, text: string): boolean {
  if (/^No known data errors/.test(text)) errors.clean = true;
  else if (/\bunavailable\b/i.test(text)) errors.unavailable = true;
  // Only the "Permanent errors have been detected ..." form is followed by a list.
  return /^Permanent errors have been detected/.test(text);
}

function joinText(lines: readonly string[]): string | undefined {
  const text = lines
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(' ');
  return text || undefined;
}

function finish(draft: PoolDraft): ZpoolStatus | undefined {
  const vdevs = parseConfigTree(draft.config);
  const root = vdevs[0];
  // Output that starts at "config:" (a pasted excerpt) still names its pool: the root vdev carries the
  // pool's name, and its state is the pool's health in all but the SUSPENDED case.
  const name = draft.name || root?.name || '';
  if (!name) return undefined;
  const pool: ZpoolStatus = { name, state: draft.state || root?.state || '', vdevs, errors: draft.errors };
  const status = joinText(draft.status);
  if (status) pool.status = status;
  const action = joinText(draft.action);
  if (action) pool.action = action;
  const see = joinText(draft.see);
  if (see) pool.see = see;
  const scans: { label: string; scan: ZpoolScan }[] = draft.scans.map((section) => ({
    label: section.label,
    scan: parseScanSection(section.lines),
  }));
  const scan = pickScan(scans);
  if (scan) pool.scan = scan;
  return pool;
}

/** Parses the text of `zpool status` (with or without -v, one or more pools). */
export function parseZpoolStatusText(text: string): ZpoolStatus[] {
  const clean = text.includes('\x1b') ? text.replace(ANSI, '') : text;
  const lines = clean.split('\n');
  const pools: ZpoolStatus[] = [];
  let draft: PoolDraft | undefined;
  let mode: Mode = 'none';
  // The lines of the field being read (status, action, see, a scan section; or a throwaway one).
  let field: string[] = [];

  const close = (): void => {
    if (draft) {
      const pool = finish(draft);
      if (pool) pools.push(pool);
    }
    draft = undefined;
  };

  for (let i = 0; i < lines.length; i++) {
    let line = lines[i] ?? '';
    if (line.endsWith('\r')) line = line.slice(0, -1);

    if (mode === 'errorList' && draft) {
      if (isIndented(line)) {
        const entry = line.trim();
        if (entry) draft.errors.permanent.push(entry);
        continue;
      }
      if (line.trim() === '') continue;
    }

    if (mode === 'field' && isIndented(line)) {
      field.push(line);
      continue;
    }

    const label = LABEL.exec(line);
    if (!label) {
      if (mode === 'config' && draft) draft.config.push(line);
      else if (line.trim() !== '' || mode === 'field') mode = 'none';
      continue;
    }

    const name = label[1] as Label;
    const rest = label[2] ?? '';
    if (name === 'pool') {
      close();
      draft = newDraft(rest.trim());
      mode = 'none';
      continue;
    }
    // An excerpt may start at "config:" without the pool header lines.
    if (!draft) {
      if (name !== 'config' && name !== 'state') {
        mode = 'none';
        continue;
      }
      draft = newDraft('');
    }
    switch (name) {
      case 'state':
        draft.state = rest.trim();
        mode = 'none';
        break;
      case 'config':
        // "config: The configuration cannot be determined." has no rows.
        mode = 'config';
        break;
      case 'errors':
        mode = readErrorsLine(draft.errors, rest.trim()) ? 'errorList' : 'none';
        break;
      case 'status':
      case 'action':
      case 'see':
        field = draft[name];
        field.push(rest);
        mode = 'field';
        break;
      case 'scan':
      case 'scrub': {
        const section = { label: name, lines: [rest] };
        draft.scans.push(section);
        field = section.lines;
        mode = 'field';
        break;
      }
      default:
        // remove:, checkpoint:, expand:, condense: are not part of the model; their lines are skipped.
        field = [];
        mode = 'field';
    }
  }
  close();
  return pools;
}
