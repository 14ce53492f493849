import * as path from 'node:path';
import * as vscode from 'vscode';
import { ExpectedError } from '../../domain/errors';
import type { Logger } from '../../domain/logging/logger';
import { redactSecrets } from '../../domain/logging/redact';
import type { CommandBlock } from '../../domain/runbook/findCommandBlocks';
import { sectionRunList } from '../../domain/runbook/findCommandBlocks';
import { findDestructiveLines, needsTty } from '../../domain/runbook/destructive';
import { substitutePlaceholders } from '../../domain/runbook/placeholders';
import { findUpids, parseUpid } from '../../domain/proxmox/upid';
import type { Dialogs } from '../../platform/confirm';
import type { SecretRegistry } from '../../platform/logger';
import type { PveSettings } from '../../platform/settings';
import type { HostSessions } from '../hosts/hostSessions';
import { openSshTerminal } from '../../platform/sshTerminal';
import type { BlockRef, SectionRef } from './runbookCodeLensProvider';
import type { RunbookDocuments } from './runbookDocuments';
import type { RunbookHosts } from './runbookHosts';
import type { PlaceholderValues } from './placeholderValues';
import type { RunHistory } from './runHistory';
import type { RunOutputTerminals } from './runOutput';
import type { RunResult, RunStates } from './runState';
import { errorMessage } from '../../shared/errorMessage';

const TAIL_BYTES = 8 * 1024;

export interface RunRecord extends RunResult {
  host: string;
  blockId: string;
  /** UPIDs the output printed (e.g. a vzdump it started) */
  upids: string[];
}

/** Runs runbook blocks on their host: asks what it must, warns before destruction, streams output. */
export class RunbookRunner {
  constructor(
    private readonly deps: {
      sessions: HostSessions;
      settings: PveSettings;
      documents: RunbookDocuments;
      hosts: RunbookHosts;
      states: RunStates;
      output: RunOutputTerminals;
      history: RunHistory;
      values: PlaceholderValues;
      dialogs: Dialogs;
      secrets: SecretRegistry;
      logger: Logger;
      offerTask: (host: string, upid: string) => void;
    },
  ) {}

  async run(ref: BlockRef): Promise<RunRecord | undefined> {
    const { document, block, frontMatter } = await this.find(ref);
    const host = await this.hostFor(document, block, frontMatter);
    if (!host) return undefined;
    const code = await this.fill(host, block);
    if (code === undefined) return undefined;
    if (!(await this.confirmRun(host, block, code))) return undefined;
    if (needsTty(code)) {
      this.runInPty(host, block, code);
      return undefined;
    }
    return this.execute(document.uri, host, block, code);
  }

  stop(ref: BlockRef): void {
    const state = this.deps.states.get(vscode.Uri.parse(ref.uri), ref.blockId);
    if (state?.state === 'running') state.stop();
  }

  /** Runs the blocks under a heading in order and stops at the first failure. */
  async runSection(ref: SectionRef): Promise<RunRecord[]> {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(ref.uri));
    const { blocks, headings } = this.deps.documents.parse(document);
    const heading = headings.find((h) => h.line === ref.headingLine);
    const section = sectionRunList(blocks, headings, ref.headingLine);
    const records: RunRecord[] = [];
    for (const [index, block] of section.entries()) {
      const record = await this.run({ uri: ref.uri, blockId: block.id });
      if (!record) return records; // cancelled by the user, or handed to a terminal
      records.push(record);
      if (record.exitCode !== 0) {
        void vscode.window.showWarningMessage(
          `"${heading?.text ?? 'Section'}" stopped at block ${index + 1} of ${section.length} (${blockName(block)}): ` +
            `${record.cancelled ? 'stopped' : `exit ${String(record.exitCode)}`}. The blocks after it did ` +
            `not run.`,
        );
        return records;
      }
    }
    void vscode.window.showInformationMessage(`"${heading?.text ?? 'Section'}": all ${section.length} blocks ran.`);
    return records;
  }

  /** Types the block into the host's interactive SSH terminal, as if the user had. */
  async runInTerminal(ref: BlockRef, terminalFor: (host: string) => vscode.Terminal): Promise<void> {
    const { document, block, frontMatter } = await this.find(ref);
    const host = await this.hostFor(document, block, frontMatter);
    if (!host) return;
    const code = await this.fill(host, block);
    if (code === undefined || !(await this.confirmRun(host, block, code))) return;
    const terminal = terminalFor(host);
    terminal.show();
    terminal.sendText(code, true);
    this.deps.logger.info(
      `runbook ${path.basename(document.uri.fsPath)}: "${blockName(block)}" typed into the terminal of ${host}`,
    );
  }

  async copy(ref: BlockRef): Promise<void> {
    const { block } = await this.find(ref);
    await vscode.env.clipboard.writeText(block.code);
    vscode.window.setStatusBarMessage('Copied the block', 2000);
  }

  private async execute(uri: vscode.Uri, host: string, block: CommandBlock, code: string): Promise<RunRecord> {
    const { output, states, history } = this.deps;
    const controller = new AbortController();
    const startedAt = Date.now();
    states.set(uri, block.id, { state: 'running', stop: () => controller.abort(), startedAt });
    output.header(host, blockName(block));
    output.show(host);
    let tail = '';
    const keep = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output.write(host, text);
      tail = (tail + text).slice(-TAIL_BYTES);
    };
    let result: RunResult;
    try {
      const connection = await this.deps.sessions.connection(host);
      const exit = await connection.exec(
        { script: code },
        { signal: controller.signal, onStdout: keep, onStderr: keep },
      );
      result = {
        exitCode: exit.exitCode,
        signal: exit.signal,
        cancelled: false,
        durationMs: Date.now() - startedAt,
        outputTail: tail,
      };
    } catch (error) {
      const cancelled = controller.signal.aborted;
      if (!cancelled) keep(Buffer.from(`\n${errorMessage(error)}\n`));
      result = {
        exitCode: null,
        signal: cancelled ? 'TERM' : undefined,
        cancelled,
        durationMs: Date.now() - startedAt,
        outputTail: tail,
      };
    }
    const ok = result.exitCode === 0;
    const outcome = result.cancelled
      ? 'stopped'
      : result.exitCode === null
        ? `ended by ${result.signal ?? 'an error'}`
        : `exit ${result.exitCode}`;
    output.footer(host, outcome, ok, result.durationMs);
    this.deps.logger.info(
      `runbook ${path.basename(uri.fsPath)}: "${blockName(block)}" ran on ${host}: ${outcome} after ${(result.durationMs / 1000).toFixed(1)} s`,
    );
    states.set(uri, block.id, { state: 'done', result });
    // The history is stored on disk: a secret the block echoed must not be kept there.
    const storedTail = redactSecrets(result.outputTail, this.deps.secrets.values());
    await history.add({
      time: new Date(startedAt).toISOString(),
      host,
      document: path.basename(uri.fsPath),
      block: blockName(block),
      exitCode: result.exitCode,
      cancelled: result.cancelled,
      durationMs: result.durationMs,
      outputTail: storedTail,
    });
    const upids = findUpids(tail);
    const backup = upids.map(parseUpid).find((u) => u?.type === 'vzdump');
    if (backup) this.deps.offerTask(host, backup.upid);
    return { ...result, host, blockId: block.id, upids };
  }

  private runInPty(host: string, block: CommandBlock, code: string): void {
    // A command that needs a terminal (pct enter, top, an editor) gets a real pty.
    openSshTerminal(`${host} · ${blockName(block)}`, () => this.deps.sessions.connection(host), [
      'bash',
      '-c',
      code,
    ]).show();
    this.deps.logger.info(`runbook block "${blockName(block)}" opened in a terminal on ${host} (it needs one)`);
  }

  private async find(
    ref: BlockRef,
  ): Promise<{ document: vscode.TextDocument; block: CommandBlock; frontMatter: Record<string, string> }> {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(ref.uri));
    const { blocks, frontMatter } = this.deps.documents.parse(document);
    const block = blocks.find((b) => b.id === ref.blockId);
    if (!block) throw new ExpectedError('That block changed since the lens was drawn; click the new lens above it.');
    return { document, block, frontMatter };
  }

  private async hostFor(
    document: vscode.TextDocument,
    block: CommandBlock,
    frontMatter: Record<string, string>,
  ): Promise<string | undefined> {
    const known = this.deps.hosts.known(document.uri, block.attributes.host, frontMatter);
    if (known) return known;
    const configured = this.deps.hosts.configured();
    if (configured.length === 0)
      throw new ExpectedError('No Proxmox host is configured yet: add one in the Proxmox view first.');
    const picked = await this.deps.values.prompts.pickHost(configured, path.basename(document.uri.fsPath));
    if (picked) await this.deps.hosts.remember(document.uri, picked);
    return picked;
  }

  /** Asks for every placeholder; undefined when the user cancelled. */
  private async fill(host: string, block: CommandBlock): Promise<string | undefined> {
    if (block.placeholders.length === 0) return block.code;
    const values: Record<string, string> = {};
    for (const placeholder of block.placeholders) {
      if (placeholder.name in values) continue;
      const value = await this.deps.values.ask(host, placeholder);
      if (value === undefined) return undefined;
      if (placeholder.secret) this.deps.secrets.add(value);
      values[placeholder.name] = value;
    }
    return substitutePlaceholders(block.code, values);
  }

  private async confirmRun(host: string, block: CommandBlock, code: string): Promise<boolean> {
    const policy = this.deps.settings.runbookConfirm();
    const lines = findDestructiveLines(code);
    const forced = block.attributes.confirm === true;
    if (policy === 'never' && !forced) return true;
    if (policy === 'destructive' && !forced && lines.length === 0) return true;
    const detail = lines.length
      ? `These lines destroy or kill something:\n\n${lines.map((l) => `${l.text.trim()}    (${l.reason})`).join('\n')}`
      : `${code.split('\n').slice(0, 12).join('\n')}${code.split('\n').length > 12 ? '\n…' : ''}`;
    return this.deps.dialogs.confirm(`Run "${blockName(block)}" on ${host}?`, detail, `Run on ${host}`, "Don't Run");
  }
}

export function blockName(block: CommandBlock): string {
  const name = block.attributes.name;
  if (typeof name === 'string' && name) return name;
  const first = block.code.split('\n').find((line) => line.trim()) ?? '';
  return first.length > 50 ? `${first.slice(0, 49)}…` : first;
}
