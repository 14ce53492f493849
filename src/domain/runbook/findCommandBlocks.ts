import { parseInfoString, type AttributeValue } from './attributes';
import { findPlaceholders, type Placeholder } from './placeholders';
import { blocksInSection, type Heading } from './headings';
import { scanFences } from './scanFences';

export type { Heading } from './headings';
export { blocksInSection, findHeadings, readFrontMatter } from './headings';

export interface CommandBlock {
  /** stable across edits that do not touch the block: its language and code, and which copy it is */
  id: string;
  language: string;
  /** 0-based lines of the opening and closing fence */
  startLine: number;
  endLine: number;
  /** what runs: for `console` blocks, the commands without their prompts */
  code: string;
  attributes: Record<string, AttributeValue>;
  placeholders: Placeholder[];
}

const RUNNABLE = new Set(['bash', 'sh', 'shell', 'zsh', 'console']);

/** The runnable fenced blocks of a Markdown document, found as CommonMark finds fences. */
export function findCommandBlocks(markdown: string, options: { runUntagged?: boolean } = {}): CommandBlock[] {
  const seen = new Map<string, number>();
  const blocks: CommandBlock[] = [];
  for (const fence of scanFences(markdown)) {
    const { language, attributes } = parseInfoString(fence.info);
    if (!(RUNNABLE.has(language) || (language === '' && options.runUntagged))) continue;
    const code = language === 'console' ? consoleCommands(fence.content) : fence.content.join('\n');
    if (!code.trim()) continue;
    const hash = hashBlock(language, code);
    const copy = seen.get(hash) ?? 0;
    seen.set(hash, copy + 1);
    const id = `${hash}-${copy}`;
    blocks.push({
      id,
      language,
      startLine: fence.startLine,
      endLine: fence.endLine,
      code,
      attributes,
      placeholders: findPlaceholders(code),
    });
  }
  return blocks;
}

/** `$ ` and `# ` start commands (with `\` continuations); the other lines are sample output. */
function consoleCommands(lines: string[]): string {
  const commands: string[] = [];
  let continuing = false;
  for (const line of lines) {
    const prompt = /^\s*[$#] (.*)$/.exec(line);
    if (prompt) {
      commands.push(prompt[1] ?? '');
      continuing = (prompt[1] ?? '').endsWith('\\');
    } else if (continuing) {
      commands.push(line);
      continuing = line.endsWith('\\');
    }
  }
  return commands.join('\n');
}

/**
 * A 64-bit hash of the block (two 32-bit multiply-xor lanes, as cyrb53): with the copy number it
 * makes an id that is stable across edits elsewhere, and it is cheap enough for runbooks with
 * thousands of blocks (nothing here needs a cryptographic hash).
 */
function hashBlock(language: string, code: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  const mix = (text: string) => {
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
  };
  mix(language);
  mix('\n');
  mix(code);
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return `${(h2 >>> 0).toString(16).padStart(8, '0')}${(h1 >>> 0).toString(16).padStart(8, '0')}`;
}

/** What "Run section" runs: the blocks under the heading, less those marked excludeFromRunAll. */
export function sectionRunList(
  blocks: readonly CommandBlock[],
  headings: readonly Heading[],
  headingLine: number,
): CommandBlock[] {
  return blocksInSection(blocks, headings, headingLine).filter((block) => block.attributes.excludeFromRunAll !== true);
}
