import { scanFences } from './scanFences';

export interface Heading {
  /** 0-based line of the heading text (for setext headings, the text line) */
  line: number;
  level: number;
  text: string;
}

/** ATX (`# x`) and setext (`x` over `===`/`---`) headings, skipping lines inside fenced code. */
export function findHeadings(markdown: string, fenceLines = fencedLines(markdown)): Heading[] {
  const lines = markdown.split(/\r\n|\n|\r/);
  const headings: Heading[] = [];
  for (let index = frontMatterLines(markdown); index < lines.length; index++) {
    if (fenceLines.has(index)) continue;
    const line = lines[index] ?? '';
    const atx = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/.exec(line);
    if (atx?.[1]) {
      headings.push({ line: index, level: atx[1].length, text: (atx[2] ?? '').trim() });
      continue;
    }
    const next = lines[index + 1];
    if (
      next !== undefined &&
      !fenceLines.has(index + 1) &&
      /^ {0,3}(=+|-+)[ \t]*$/.test(next) &&
      isParagraphText(line) &&
      !isParagraphText(lines[index - 1] ?? '')
    ) {
      headings.push({ line: index, level: next.trim().startsWith('=') ? 1 : 2, text: line.trim() });
      index++;
    }
  }
  return headings;
}

function isParagraphText(line: string): boolean {
  return line.trim() !== '' && !/^ {0,3}([-+*>]|\d+[.)]|#|```|~~~)/.test(line) && !/^ {4}/.test(line);
}

export function fencedLines(markdown: string): Set<number> {
  const lines = new Set<number>();
  for (const fence of scanFences(markdown))
    for (let line = fence.startLine; line <= fence.endLine; line++) lines.add(line);
  return lines;
}

/** The blocks under a heading, up to the next heading of the same or a higher level. */
export function blocksInSection<T extends { startLine: number }>(
  blocks: readonly T[],
  headings: readonly Heading[],
  headingLine: number,
): T[] {
  const index = headings.findIndex((h) => h.line === headingLine);
  const heading = headings[index];
  if (!heading) return [];
  const next = headings.slice(index + 1).find((h) => h.level <= heading.level);
  return blocks.filter((b) => b.startLine > heading.line && (next === undefined || b.startLine < next.line));
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(\r?\n|$)/;

/** How many lines the front matter takes (0 without one). */
function frontMatterLines(markdown: string): number {
  const match = FRONT_MATTER.exec(markdown);
  return match ? match[0].replace(/\r?\n$/, '').split(/\r?\n/).length : 0;
}

/** `key: value` lines of a front matter block between `---` lines at the very top. */
export function readFrontMatter(markdown: string): Record<string, string> {
  const match = FRONT_MATTER.exec(markdown);
  const values: Record<string, string> = {};
  if (!match?.[1]) return values;
  for (const line of match[1].split(/\r?\n/)) {
    const pair = /^([\w.-]+)\s*:\s*(.*?)\s*$/.exec(line);
    if (pair?.[1]) values[pair[1]] = (pair[2] ?? '').replace(/^(["'])(.*)\1$/, '$2');
  }
  return values;
}
