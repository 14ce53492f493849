import type * as vscode from 'vscode';
import { findCommandBlocks, type CommandBlock } from '../../domain/runbook/findCommandBlocks';
import { findHeadings, readFrontMatter, type Heading } from '../../domain/runbook/findCommandBlocks';

export interface ParsedRunbook {
  blocks: CommandBlock[];
  headings: Heading[];
  frontMatter: Record<string, string>;
}

/**
 * Parses a Markdown document once per version: lenses are asked for often (every scroll and
 * edit), and the same version always gives the same blocks.
 */
export class RunbookDocuments {
  private readonly cache = new Map<string, { version: number; runUntagged: boolean; parsed: ParsedRunbook }>();
  /** How many times a document was really parsed; the tests check that lenses reuse the cache. */
  parseCount = 0;

  constructor(private readonly runUntagged: () => boolean) {}

  parse(document: vscode.TextDocument): ParsedRunbook {
    const key = document.uri.toString();
    const runUntagged = this.runUntagged();
    const cached = this.cache.get(key);
    if (cached && cached.version === document.version && cached.runUntagged === runUntagged) return cached.parsed;
    this.parseCount++;
    const text = document.getText();
    const parsed = {
      blocks: findCommandBlocks(text, { runUntagged }),
      headings: findHeadings(text),
      frontMatter: readFrontMatter(text),
    };
    this.cache.set(key, { version: document.version, runUntagged, parsed });
    return parsed;
  }

  forget(uri: vscode.Uri): void {
    this.cache.delete(uri.toString());
  }
}
