// A recognizer for VS Code's when-clause language, with only what VS Code documents
// (https://code.visualstudio.com/api/references/when-clause-contexts):
//
//   expr    := and ('||' and)*
//   and     := term ('&&' term)*
//   term    := '!' (KEY | 'true' | 'false' | '(' expr ')') | primary
//   primary := 'true' | 'false' | '(' expr ')'
//            | KEY '=~' REGEX
//            | KEY ('==' | '===' | '!=' | '!==' | '<' | '<=' | '>' | '>=' | 'in' | 'not' 'in') VALUE
//            | KEY
//   VALUE   := KEY | 'quoted string' | true | false | number
//
// Why a grammar of our own: VS Code does not throw on a clause it cannot parse. The item then shows
// everywhere (Scrub did, on every row, with `viewItem !~ /…/`), and nothing warns at build time.
// It is stricter than VS Code where VS Code silently guesses: `a == ` with no value, `=~ '…'`
// (a regex in quotes) and `a>b` (one key named "a>b" to VS Code) are rejected here.

type TokenKind =
  | '('
  | ')'
  | '!'
  | '&&'
  | '||'
  | '=='
  | '==='
  | '!='
  | '!=='
  | '<'
  | '<='
  | '>'
  | '>='
  | '=~'
  | 'regex'
  | 'quoted'
  | 'word'
  | 'end';

interface Token {
  kind: TokenKind;
  text: string;
  offset: number;
}

export class WhenClauseError extends Error {
  constructor(
    readonly clause: string,
    readonly offset: number,
    problem: string,
  ) {
    super(`${problem} at offset ${offset}\n  ${clause}\n  ${' '.repeat(offset)}^`);
  }
}

// Longest first, so `!==` is not read as `!=` then `=`.
const OPERATORS: TokenKind[] = ['===', '!==', '==', '!=', '=~', '<=', '>=', '&&', '||', '<', '>', '!', '(', ')'];
// Keys (`viewItem`, `pve.explorerFiltered`, `config.x.y`) and bare values (`pve.explorer`, `group:tasks`, `-1.5`).
const WORD = /[A-Za-z0-9_.\-:$]+/y;
const REGEX_FLAGS = /[igsmyu]*/y;

function tokenize(clause: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < clause.length) {
    const ch = clause.charAt(at);
    if (/\s/.test(ch)) {
      at++;
      continue;
    }
    if (ch === "'") {
      const close = clause.indexOf("'", at + 1);
      if (close < 0) throw new WhenClauseError(clause, at, 'unclosed quoted string');
      tokens.push({ kind: 'quoted', text: clause.slice(at + 1, close), offset: at });
      at = close + 1;
      continue;
    }
    if (ch === '/') {
      at = scanRegex(clause, at, tokens);
      continue;
    }
    const operator = OPERATORS.find((op) => clause.startsWith(op, at));
    if (operator) {
      tokens.push({ kind: operator, text: operator, offset: at });
      at += operator.length;
      continue;
    }
    WORD.lastIndex = at;
    const word = WORD.exec(clause)?.[0];
    if (!word) throw new WhenClauseError(clause, at, `unexpected character '${ch}'`);
    const next = clause.charAt(at + word.length);
    // VS Code reads `a>b` as one key named "a>b" (so that `vim.use<C-r>` is a key): never what was meant.
    if ((next === '<' || next === '>') && clause.charAt(at + word.length + 1) !== '=')
      throw new WhenClauseError(
        clause,
        at + word.length,
        `put spaces around '${next}': VS Code reads it as part of the key`,
      );
    tokens.push({ kind: 'word', text: word, offset: at });
    at += word.length;
  }
  tokens.push({ kind: 'end', text: '', offset: clause.length });
  return tokens;
}

/** `/body/flags`, as VS Code scans it: ends at the first `/` that is neither escaped nor in a [class]. */
function scanRegex(clause: string, start: number, tokens: Token[]): number {
  let at = start + 1;
  let inClass = false;
  for (;;) {
    if (at >= clause.length) throw new WhenClauseError(clause, start, 'unclosed regular expression');
    const ch = clause.charAt(at);
    if (ch === '\\') at++;
    else if (ch === '[') inClass = true;
    else if (ch === ']') inClass = false;
    else if (ch === '/' && !inClass) break;
    at++;
  }
  const body = clause.slice(start + 1, at);
  REGEX_FLAGS.lastIndex = at + 1;
  const flags = REGEX_FLAGS.exec(clause)?.[0] ?? '';
  try {
    // VS Code drops g and y; what is left must compile, or VS Code rejects the whole clause.
    new RegExp(body, flags.replace(/[gy]/g, ''));
  } catch (error) {
    throw new WhenClauseError(clause, start, `regular expression does not compile (${(error as Error).message})`);
  }
  tokens.push({ kind: 'regex', text: clause.slice(start, at + 1 + flags.length), offset: start });
  return at + 1 + flags.length;
}

const COMPARISONS = new Set<TokenKind>(['==', '===', '!=', '!==', '<', '<=', '>', '>=']);

class Parser {
  private index = 0;

  constructor(
    private readonly clause: string,
    private readonly tokens: Token[],
  ) {}

  parseAll(): void {
    this.expr();
    const rest = this.peek();
    if (rest.kind !== 'end') throw this.unexpected(rest, `'&&', '||' or the end of the clause`);
  }

  private expr(): void {
    this.and();
    while (this.take('||')) this.and();
  }

  private and(): void {
    this.term();
    while (this.take('&&')) this.term();
  }

  private term(): void {
    if (!this.take('!')) return this.primary();
    const next = this.peek();
    if (next.kind === '(') return this.group();
    if (next.kind === 'word') {
      this.index++;
      return;
    }
    throw this.unexpected(next, `a key, true, false or '(' after '!'`);
  }

  private primary(): void {
    const next = this.peek();
    if (next.kind === '(') return this.group();
    if (next.kind !== 'word') throw this.unexpected(next, `a key, true, false, '!' or '('`);
    this.index++;
    if (next.text === 'true' || next.text === 'false') return;
    const operator = this.peek();
    if (operator.kind === '=~') {
      this.index++;
      const regex = this.peek();
      if (regex.kind !== 'regex') throw this.unexpected(regex, `a /regular expression/ after '=~'`);
      this.index++;
    } else if (COMPARISONS.has(operator.kind) || (operator.kind === 'word' && operator.text === 'in')) {
      this.index++;
      this.value(operator.text);
    } else if (operator.kind === 'word' && operator.text === 'not') {
      this.index++;
      const inWord = this.peek();
      if (inWord.kind !== 'word' || inWord.text !== 'in') throw this.unexpected(inWord, `'in' after 'not'`);
      this.index++;
      this.value('not in');
    }
  }

  private group(): void {
    this.index++; // '('
    this.expr();
    const close = this.peek();
    if (close.kind !== ')') throw this.unexpected(close, `')'`);
    this.index++;
  }

  private value(after: string): void {
    const next = this.peek();
    if (next.kind !== 'word' && next.kind !== 'quoted') throw this.unexpected(next, `a value after '${after}'`);
    this.index++;
  }

  private take(kind: TokenKind): boolean {
    if (this.peek().kind !== kind) return false;
    this.index++;
    return true;
  }

  private peek(): Token {
    const token = this.tokens[this.index] ?? this.tokens[this.tokens.length - 1];
    if (!token) throw new Error('tokenize always ends with an end token');
    return token;
  }

  private unexpected(token: Token, expected: string): WhenClauseError {
    return new WhenClauseError(
      this.clause,
      token.offset,
      `expected ${expected}, found ${token.kind === 'end' ? 'the end of the clause' : `'${token.text}'`}`,
    );
  }
}

/** Throws a WhenClauseError naming the offset of the first thing VS Code's when-clause language does not have. */
export function checkWhenClause(clause: string): void {
  if (!clause.trim()) throw new WhenClauseError(clause, 0, 'empty clause');
  new Parser(clause, tokenize(clause)).parseAll();
}
