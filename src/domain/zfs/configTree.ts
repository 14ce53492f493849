import { isNiceNumber, parseNiceNumber } from './counters';
import { VDEV_SECTIONS, type Vdev, type VdevSection } from './types';

// The `config:` block. zpool prints each row as "\t" + 2 spaces per depth + name, then at least two
// spaces, the state, and (except in the spares section) READ WRITE CKSUM; anything after the counters is
// the note. Pastes and terminals turn the TAB into spaces, so depth is measured in columns relative to
// the NAME header rather than by counting characters.

const KNOWN_STATES = 'ONLINE|DEGRADED|FAULTED|OFFLINE|UNAVAIL|REMOVED|SPLIT|UNKNOWN|INUSE|AVAIL';
// The name may contain single spaces; printf("%-*s  %-8s") guarantees two before the state.
const ROW = new RegExp(`^(.+?) {2,}(${KNOWN_STATES})(?: +(.*))?$`);
// A state zpool might add later: fall back to "first word, second word".
const LOOSE_ROW = /^(\S+)\s+([A-Z][A-Z_]*)(?:\s+(.*))?$/;
// Optional columns between CKSUM and the note (`-s`, `--power`, `-d`).
const EXTRA_COLUMNS = new Set(['SLOW', 'POWER', 'DIO']);

interface Header {
  column: number;
  extraColumns: number;
}

/** The column a line's text starts at, with TABs expanded to the next multiple of 8. */
function startColumn(line: string): number {
  let column = 0;
  for (const char of line) {
    if (char === '\t') column = column - (column % 8) + 8;
    else if (char === ' ') column++;
    else return column;
  }
  return column;
}

function readHeader(line: string): Header | undefined {
  const words = line.trim().split(/\s+/);
  if (words[0] !== 'NAME' || words[1] !== 'STATE') return undefined;
  const afterCksum = words.slice(words.indexOf('CKSUM') + 1);
  return { column: startColumn(line), extraColumns: afterCksum.filter((word) => EXTRA_COLUMNS.has(word)).length };
}

function asSection(text: string): VdevSection | undefined {
  return VDEV_SECTIONS.find((section) => section === text);
}

function readRow(content: string, extraColumns: number): Vdev | undefined {
  const match = ROW.exec(content) ?? LOOSE_ROW.exec(content);
  if (!match?.[1] || !match[2]) return undefined;
  const vdev: Vdev = { name: match[1].trim(), state: match[2], read: 0, write: 0, cksum: 0, children: [] };
  let rest = match[3] ?? '';
  const words = rest.split(/\s+/, 3);
  // Spares print no counters; their row goes straight from the state to the note.
  if (words.length === 3 && words.every(isNiceNumber)) {
    vdev.read = parseNiceNumber(words[0] ?? '') ?? 0;
    vdev.write = parseNiceNumber(words[1] ?? '') ?? 0;
    vdev.cksum = parseNiceNumber(words[2] ?? '') ?? 0;
    rest = skipWords(rest, 3 + extraColumns);
  }
  const note = rest.trim();
  if (note) vdev.note = note;
  return vdev;
}

/** Drops the first `count` words of `text`, keeping the spacing of what follows. */
function skipWords(text: string, count: number): string {
  let rest = text;
  for (let i = 0; i < count; i++) rest = rest.replace(/^\s*\S+/, '');
  return rest;
}

/**
 * Builds the tree from the lines of a `config:` block (the header line included). Lines without a
 * state (elisions like "." in pasted output) are skipped.
 */
export function parseConfigTree(lines: readonly string[]): Vdev[] {
  const top: Vdev[] = [];
  // The open ancestors of the next row, innermost last.
  const stack: { depth: number; vdev: Vdev }[] = [];
  let header: Header | undefined;
  for (const line of lines) {
    if (!header) {
      header = readHeader(line);
      continue;
    }
    const content = line.trim();
    if (!content) continue;
    const depth = Math.round((startColumn(line) - header.column) / 2);

    // A class header ("\tlogs\t") stands alone at depth 0; the pool's root row always comes first.
    const section = depth === 0 && top.length > 0 ? asSection(content) : undefined;
    let vdev: Vdev | undefined;
    if (section) vdev = { name: section, state: '', read: 0, write: 0, cksum: 0, children: [], section };
    else vdev = readRow(content, header.extraColumns);
    if (!vdev) continue;

    while (stack.length > 0 && (stack[stack.length - 1]?.depth ?? 0) >= depth) stack.pop();
    const parent = stack[stack.length - 1]?.vdev;
    if (parent) {
      if (parent.section) vdev.section = parent.section;
      parent.children.push(vdev);
    } else {
      top.push(vdev);
    }
    stack.push({ depth, vdev });
  }
  return top;
}
