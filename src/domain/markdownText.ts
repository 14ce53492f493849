// Remote text in Markdown reports: escaped, or in code spans, so a file or guest name cannot
// break a table or turn into a link.

/**
 * A code span holding the text exactly: its fence is one backtick longer than the longest run of
 * backticks inside, and padded when the text starts or ends with one (CommonMark's rules).
 */
export function codeSpan(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const padded = text.startsWith('`') || text.endsWith('`') ? ` ${text} ` : text;
  return `${fence}${padded}${fence}`;
}

/** A code span inside a table cell, where a pipe would end the cell. */
export function code(text: string): string {
  return codeSpan(text).replace(/\|/g, '\\|');
}

/** Text for a table cell. */
export function cell(text: string): string {
  return escapeText(text).replace(/\|/g, '\\|');
}

export function escapeText(text: string): string {
  return text.replace(/[\\`*_[\]<>#]/g, (c) => `\\${c}`);
}
