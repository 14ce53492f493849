// A line-based reader of CommonMark's block structure, just deep enough to find fenced code
// blocks exactly where CommonMark does: inside block quotes and list items, with the
// container's prefix and the fence's own indentation removed from the content.

export interface Fence {
  /** 0-based line of the opening fence */
  startLine: number;
  /** 0-based line of the closing fence, or the last line of the container for an unclosed fence */
  endLine: number;
  closed: boolean;
  info: string;
  content: string[];
}

interface Container {
  kind: 'quote' | 'item';
  /** for list items: the column where the item's content starts */
  indent: number;
}

interface OpenFence {
  startLine: number;
  char: '`' | '~';
  length: number;
  indent: number;
  info: string;
  content: string[];
  /** how many containers enclose it */
  depth: number;
}

const FENCE_OPEN = /^( {0,3})(`{3,}|~{3,})(.*)$/;

// HTML blocks (CommonMark 4.6): inside one, a fence-looking line is HTML, not a fence.
const HTML_BLOCK_TAGS =
  'address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|' +
  'dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h1|h2|h3|h4|h5|h6|head|header|hr|html|iframe|' +
  'legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|' +
  'tbody|td|tfoot|th|thead|title|tr|track|ul';
const HTML_STARTS: ReadonlyArray<{ start: RegExp; end: RegExp | 'blank'; interruptsParagraph: boolean }> = [
  {
    start: /^ {0,3}<(pre|script|style|textarea)(\s|>|$)/i,
    end: /<\/(pre|script|style|textarea)>/i,
    interruptsParagraph: true,
  },
  { start: /^ {0,3}<!--/, end: /-->/, interruptsParagraph: true },
  { start: /^ {0,3}<\?/, end: /\?>/, interruptsParagraph: true },
  { start: /^ {0,3}<![A-Za-z]/, end: />/, interruptsParagraph: true },
  { start: /^ {0,3}<!\[CDATA\[/, end: /\]\]>/, interruptsParagraph: true },
  { start: new RegExp(`^ {0,3}</?(${HTML_BLOCK_TAGS})(\\s|/?>|$)`, 'i'), end: 'blank', interruptsParagraph: true },
  {
    start:
      /^ {0,3}(<[A-Za-z][A-Za-z0-9-]*(\s+[A-Za-z_:][\w.:-]*(\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*\/?>|<\/[A-Za-z][A-Za-z0-9-]*\s*>)\s*$/,
    end: 'blank',
    interruptsParagraph: false,
  },
];
const LIST_MARKER = /^( {0,3})([-+*]|\d{1,9}[.)])( {1,4}|\t|$)/;

/** Expands tabs to the next multiple of 4 columns, as CommonMark does for block structure. */
function expandTabs(line: string): string {
  if (!line.includes('\t')) return line;
  let out = '';
  for (const ch of line) out += ch === '\t' ? ' '.repeat(4 - (out.length % 4)) : ch;
  return out;
}

function leadingSpaces(text: string): number {
  let n = 0;
  while (text.charCodeAt(n) === 32) n++;
  return n;
}

export function scanFences(markdown: string): Fence[] {
  const lines = markdown.includes('\r') ? markdown.split(/\r\n|\n|\r/) : markdown.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop(); // a final newline ends the last line
  const fences: Fence[] = [];
  let containers: Container[] = [];
  let open: OpenFence | undefined;
  let html: { end: RegExp | 'blank'; depth: number } | undefined;
  /** whether the previous line (inside the current containers) was paragraph text: fences can interrupt it, indented code cannot */
  let inParagraph = false;

  const close = (endLine: number, closed: boolean) => {
    if (!open) return;
    fences.push({ startLine: open.startLine, endLine, closed, info: open.info, content: open.content });
    open = undefined;
  };

  for (let index = 0; index < lines.length; index++) {
    let rest = expandTabs(lines[index] ?? '');
    // Fast path for the common line: plain text outside any container, fence or HTML block.
    if (containers.length === 0 && !open && !html) {
      const spaces = leadingSpaces(rest);
      const first = rest.charAt(spaces);
      if (first !== '' && !'`~<>-+*#=_0123456789'.includes(first)) {
        inParagraph = inParagraph || spaces < 4;
        continue;
      }
    }
    // 1. Continue the open containers, innermost last.
    let matched = 0;
    for (const container of containers) {
      if (container.kind === 'quote') {
        const quote = /^ {0,3}> ?/.exec(rest);
        if (!quote) break;
        rest = rest.slice(quote[0].length);
      } else {
        if (rest.trim() === '') {
          rest = '';
        } else if (leadingSpaces(rest) >= container.indent) {
          rest = rest.slice(container.indent);
        } else {
          break;
        }
      }
      matched++;
    }
    if (matched < containers.length) {
      // A container ended: so does a fence inside it (it never takes lazy continuation lines).
      if (open && open.depth > matched) close(index - 1, false);
      const wasParagraph = inParagraph;
      containers = containers.slice(0, matched);
      if (!open && wasParagraph && rest.trim() !== '' && !startsBlock(rest)) {
        // lazy paragraph continuation: the text belongs to the paragraph inside the containers
        continue;
      }
      inParagraph = false;
    }
    if (html && html.depth > containers.length) html = undefined;
    if (html) {
      if (html.end === 'blank' ? rest.trim() === '' : html.end.test(rest)) html = undefined;
      inParagraph = false;
      continue;
    }
    // 2. Inside a fence, a line is either its closing fence or content.
    if (open) {
      const closingLead = rest.charAt(leadingSpaces(rest));
      const closing = closingLead === open.char ? /^( {0,3})(`+|~+)\s*$/.exec(rest) : null;
      if (closing?.[2] && closing[2][0] === open.char && closing[2].length >= open.length) {
        close(index, true);
      } else {
        open.content.push(rest.slice(Math.min(open.indent, leadingSpaces(rest))));
      }
      continue;
    }
    // 3. New containers may start on this line (cheap test of the first character first: this runs for every line).
    for (;;) {
      const first = rest.charAt(leadingSpaces(rest));
      if (first !== '>' && first !== '-' && first !== '+' && first !== '*' && !(first >= '0' && first <= '9')) break;
      const quote = /^ {0,3}> ?/.exec(rest);
      if (quote) {
        containers.push({ kind: 'quote', indent: 0 });
        rest = rest.slice(quote[0].length);
        inParagraph = false;
        continue;
      }
      const item = LIST_MARKER.exec(rest);
      if (item && !(inParagraph && /^\d/.test(item[2] ?? '') && !/^1[.)]/.test(item[2] ?? ''))) {
        const markerEnd = (item[1]?.length ?? 0) + (item[2]?.length ?? 0);
        const after = rest.slice(markerEnd);
        if (after.trim() === '' && inParagraph) break; // an empty item cannot interrupt a paragraph
        const spaces = leadingSpaces(after);
        // 5+ spaces after the marker: the content starts 1 space after it (the rest is indented code)
        const contentOffset = after.trim() === '' ? 1 : spaces > 4 ? 1 : spaces;
        containers.push({ kind: 'item', indent: markerEnd + contentOffset });
        rest = after.trim() === '' ? '' : rest.slice(markerEnd + contentOffset);
        inParagraph = false;
        continue;
      }
      break;
    }
    // 4. A fence opens here, or the line is something else.
    const lead = rest.charAt(leadingSpaces(rest));
    const fence = lead === '`' || lead === '~' ? FENCE_OPEN.exec(rest) : null;
    if (fence?.[2] && !(fence[2][0] === '`' && (fence[3] ?? '').includes('`'))) {
      open = {
        startLine: index,
        char: fence[2][0] as '`' | '~',
        length: fence[2].length,
        indent: fence[1]?.length ?? 0,
        info: unescapeInfo((fence[3] ?? '').trim()),
        content: [],
        depth: containers.length,
      };
      inParagraph = false;
      continue;
    }
    const htmlStart =
      lead === '<'
        ? HTML_STARTS.find((kind) => kind.start.test(rest) && (kind.interruptsParagraph || !inParagraph))
        : undefined;
    if (htmlStart) {
      html =
        htmlStart.end !== 'blank' && htmlStart.end.test(rest.replace(htmlStart.start, ''))
          ? undefined
          : { end: htmlStart.end, depth: containers.length };
      inParagraph = false;
      continue;
    }
    if (rest.trim() === '') inParagraph = false;
    else if (!inParagraph && leadingSpaces(rest) >= 4)
      inParagraph = false; // indented code
    else
      inParagraph = !(
        '#*-_='.includes(lead) && /^ {0,3}(#{1,6}(\s|$)|(\*\s*){3,}$|(-\s*){3,}$|(_\s*){3,}$|=+\s*$)/.test(rest)
      );
  }
  close(lines.length - 1, false);
  return fences;
}

/** Whether a line would start a block of its own (then it is not a lazy continuation). */
function startsBlock(text: string): boolean {
  return (
    FENCE_OPEN.test(text) ||
    /^ {0,3}(>|#{1,6}(\s|$)|([-+*]|\d{1,9}[.)])(\s|$))/.test(text) ||
    /^ {0,3}((\*\s*){3,}|(-\s*){3,}|(_\s*){3,})$/.test(text)
  );
}

/** Backslash escapes in the info string (`\``) are read as the character itself. */
function unescapeInfo(info: string): string {
  if (!info.includes('\\') && !info.includes('&')) return info;
  return info.replace(/\\([!-/:-@[-`{-~])/g, '$1').replace(/&amp;/g, '&');
}
