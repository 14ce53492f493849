import type * as vscode from 'vscode';
import * as z from 'zod';

const entrySchema = z.object({
  time: z.string(),
  host: z.string(),
  document: z.string(),
  block: z.string(),
  exitCode: z.number().nullable(),
  cancelled: z.boolean(),
  durationMs: z.number(),
  outputTail: z.string(),
});
export type HistoryEntry = z.infer<typeof entrySchema>;

const KEY = 'pve.runbook.history';
const MAX_ENTRIES = 200;

/** Every block run, kept in the workspace state (newest first), for "Show Run History". */
export class RunHistory {
  constructor(private readonly state: vscode.Memento) {}

  entries(): HistoryEntry[] {
    const parsed = z.array(entrySchema).safeParse(this.state.get<unknown>(KEY, []));
    return parsed.success ? parsed.data : [];
  }

  async add(entry: HistoryEntry): Promise<void> {
    await this.state.update(KEY, [entry, ...this.entries()].slice(0, MAX_ENTRIES));
  }

  toMarkdown(): string {
    const entries = this.entries();
    if (entries.length === 0) return '# Runbook history\n\nNothing has run yet.\n';
    const sections = entries.map((e) => {
      const outcome = e.cancelled ? 'stopped' : e.exitCode === 0 ? 'exit 0' : `exit ${String(e.exitCode)}`;
      const fence = '`'.repeat(Math.max(3, ...[...e.outputTail.matchAll(/`+/g)].map((m) => m[0].length + 1)));
      return (
        `## ${e.time} · ${e.host} · ${e.block}\n\n${outcome} in ${(e.durationMs / 1000).toFixed(1)} ` +
        `s, from ${e.document}\n\n${fence}text\n${e.outputTail.trimEnd()}\n${fence}\n`
      );
    });
    return `# Runbook history\n\n${sections.join('\n')}`;
  }
}
