// Remote text in Markdown reports: escaped, or in code spans, so a file or guest name cannot
// break a table or turn into a link.

/** A code span that survives backticks and pipes in the text. */
export function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  const padded = text.startsWith('`') || text.endsWith('`') ? ` ${text} ` : text;
  return `${fence}${padded.replace(/\|/g, '\\|')}${fence}`;
}

/** Text for a table cell. */
export function cell(text: string): string {
  return escapeText(text).replace(/\|/g, '\\|');
}

export function escapeText(text: string): string {
  return text.replace(/[\\`*_[\]<>#]/g, (c) => `\\${c}`);
}
