import type { z } from 'zod';

/** Thrown when an answer from the host does not have the expected shape; the message says what was wrong. */
export class UnexpectedOutputError extends Error {
  constructor(what: string, detail: string) {
    super(`Unexpected answer from ${what}: ${detail}`);
    this.name = 'UnexpectedOutputError';
  }
}

/**
 * Finds the JSON document in pvesh output. Login banners, locale warnings or profile scripts can
 * print lines before it, so the first line that starts a parseable document wins.
 */
export function extractJson(text: string, what: string): unknown {
  const trimmed = text.trim();
  if (!trimmed) throw new UnexpectedOutputError(what, 'it printed nothing');
  const starts = [0];
  for (let index = text.indexOf('\n'); index >= 0; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
  for (const start of starts) {
    const first = text[start];
    if (first !== '[' && first !== '{' && first !== '"') continue;
    try {
      return JSON.parse(text.slice(start)) as unknown;
    } catch {
      // not the document yet (or junk that happens to start with a bracket)
    }
  }
  throw new UnexpectedOutputError(what, `no JSON in its output (it starts with "${trimmed.slice(0, 80)}")`);
}

/** Validates with zod and turns a mismatch into one readable sentence naming the field. */
export function validate<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : 'the document';
  throw new UnexpectedOutputError(what, `${where}: ${issue?.message ?? 'invalid'}`);
}
