// How Proxmox splits /etc/vzdump.conf into lines (PVE::JSONSchema::parse_config): each line is
// trimmed of ASCII blanks; a line that then starts with '#' is a comment; anything else must be
// `KEY:VALUE` with the colon right after the key, the blanks after the colon skipped. Other lines
// are ignored with a warning in the task log. There are no inline comments.
//
// The file is read as bytes, so Perl's \s only ever matches ASCII blanks: a no-break space or a
// byte-order mark is part of the key or the value, not whitespace. Columns are UTF-16 code units,
// as an editor counts them.

export type ConfLineKind = 'blank' | 'comment' | 'entry' | 'ignored';

export interface ConfLine {
  /** 0-based line number */
  line: number;
  /** the line as written, without the line break (a CR before the LF is dropped) */
  text: string;
  kind: ConfLineKind;
  /** entries only: the key exactly as written */
  key?: string;
  /** entries: the key's columns; ignored lines: the trimmed text; blank lines and comments: the indent */
  keyStart: number;
  keyEnd: number;
  /** the value Proxmox sees: everything after ':' and the blanks that follow it, trailing blanks removed */
  value: string;
  valueStart: number;
  valueEnd: number;
}

/** parse_config's `^(\S+?):\s*(.*)$` with \s as Perl reads bytes */
const ENTRY = /^([^ \t\n\r\f\v]+?):[ \t\n\r\f\v]*(.*)$/;

export function isBlank(char: string | undefined): boolean {
  return char === ' ' || char === '\t' || char === '\r' || char === '\n' || char === '\f' || char === '\v';
}

/** The span of `text` without its leading and trailing ASCII blanks. */
export function trimmedSpan(text: string): { start: number; end: number } {
  let start = 0;
  let end = text.length;
  while (start < end && isBlank(text[start])) start++;
  while (end > start && isBlank(text[end - 1])) end--;
  return { start, end };
}

export function scanVzdumpConf(text: string): ConfLine[] {
  const raw = text.split('\n');
  const lines = new Array<ConfLine>(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const line = raw[i] ?? '';
    lines[i] = scanLine(line.endsWith('\r') ? line.slice(0, -1) : line, i);
  }
  return lines;
}

function scanLine(text: string, line: number): ConfLine {
  const { start, end } = trimmedSpan(text);
  if (start === end || text[start] === '#') {
    return {
      line,
      text,
      kind: start === end ? 'blank' : 'comment',
      keyStart: start,
      keyEnd: start,
      value: '',
      valueStart: start,
      valueEnd: start,
    };
  }
  const match = ENTRY.exec(start === 0 && end === text.length ? text : text.slice(start, end));
  const key = match?.[1];
  if (!match || key === undefined)
    return { line, text, kind: 'ignored', keyStart: start, keyEnd: end, value: '', valueStart: end, valueEnd: end };
  const value = match[2] ?? '';
  return {
    line,
    text,
    kind: 'entry',
    key,
    keyStart: start,
    keyEnd: start + key.length,
    value,
    valueStart: end - value.length,
    valueEnd: end,
  };
}
