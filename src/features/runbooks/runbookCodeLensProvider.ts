import * as vscode from 'vscode';
import * as z from 'zod';
import { sectionRunList } from '../../domain/runbook/findCommandBlocks';
import { Commands } from '../../ids';
import type { RunbookDocuments } from './runbookDocuments';
import type { RunStates } from './runState';

/** Lens arguments: the block is found again by id when clicked, so a lens never runs stale text. */
export const BlockRefSchema = z.object({ uri: z.string(), blockId: z.string() });
export type BlockRef = z.infer<typeof BlockRefSchema>;

export const SectionRefSchema = z.object({ uri: z.string(), headingLine: z.number().int().nonnegative() });
export type SectionRef = z.infer<typeof SectionRefSchema>;

/**
 * Thin: one set of lenses per runnable block (Run, Run in Terminal, Copy, and the last result
 * or Stop), and "Run section (N blocks)" above headings that have blocks under them.
 */
export class RunbookCodeLensProvider implements vscode.CodeLensProvider {
  readonly onDidChangeCodeLenses: vscode.Event<void>;

  constructor(
    private readonly documents: RunbookDocuments,
    private readonly states: RunStates,
    private readonly hostLabel: (document: vscode.TextDocument, hostAttribute: unknown) => string,
  ) {
    this.onDidChangeCodeLenses = states.onDidChange;
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const { blocks, headings } = this.documents.parse(document);
    const lenses: vscode.CodeLens[] = [];
    for (const heading of headings) {
      const count = sectionRunList(blocks, headings, heading.line).length;
      if (count === 0) continue;
      const ref: SectionRef = { uri: document.uri.toString(), headingLine: heading.line };
      lenses.push(
        lens(heading.line, `▶ Run section (${count} block${count === 1 ? '' : 's'})`, Commands.runRunbookSection, ref),
      );
    }
    for (const block of blocks) {
      const ref: BlockRef = { uri: document.uri.toString(), blockId: block.id };
      const state = this.states.get(document.uri, block.id);
      if (state?.state === 'running') {
        lenses.push(lens(block.startLine, '■ Stop', Commands.stopRunbookBlock, ref));
      } else {
        lenses.push(
          lens(
            block.startLine,
            `▶ Run on ${this.hostLabel(document, block.attributes.host)}`,
            Commands.runRunbookBlock,
            ref,
          ),
        );
      }
      lenses.push(lens(block.startLine, 'Run in Terminal', Commands.runRunbookBlockInTerminal, ref));
      lenses.push(lens(block.startLine, 'Copy', Commands.copyRunbookBlock, ref));
      if (state?.state === 'done') {
        const { result } = state;
        const seconds = `${(result.durationMs / 1000).toFixed(1)} s`;
        const text = result.cancelled
          ? `■ stopped · ${seconds}`
          : result.exitCode === 0
            ? `✓ exit 0 · ${seconds}`
            : `✗ ${result.exitCode === null ? `signal ${result.signal ?? '?'}` : `exit ${result.exitCode}`} · show output`;
        lenses.push(lens(block.startLine, text, Commands.showRunbookOutput, ref));
      }
    }
    return lenses;
  }
}

function lens(line: number, title: string, command: string, argument: BlockRef | SectionRef): vscode.CodeLens {
  return new vscode.CodeLens(new vscode.Range(line, 0, line, 0), { title, command, arguments: [argument] });
}
