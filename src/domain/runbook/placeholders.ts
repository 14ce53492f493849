import { quoteShellArg } from '../shell/shellQuote';

// Values a block asks for before it runs:
//   <UPID>, <vmid>      an identifier in angle brackets (not an HTML tag such as <br>)
//   ${VAR}              a variable the block uses but does not set itself
//   export VAR=default  Runme's prompt: the user confirms or changes the value
// Names with TOKEN, PASS, SECRET or KEY in them are secrets: typed hidden, never logged.

export interface Placeholder {
  name: string;
  kind: 'angle' | 'env' | 'export';
  default?: string;
  secret: boolean;
}

const ANGLE = /<([A-Za-z_][A-Za-z0-9_-]*)>/g;
const ENV = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const EXPORT = /^(\s*export\s+)([A-Za-z_][A-Za-z0-9_]*)=(.*)$/;
const HTML_TAGS = new Set([
  'a',
  'b',
  'i',
  'p',
  'br',
  'hr',
  'em',
  'li',
  'ol',
  'ul',
  'td',
  'th',
  'tr',
  'div',
  'img',
  'pre',
  'sub',
  'sup',
  'code',
  'span',
  'table',
  'strong',
  'details',
  'summary',
  'kbd',
]);
/** Variables every shell has: ${HOME} is not a question for the user. */
const SHELL_VARIABLES = new Set([
  'HOME',
  'PATH',
  'USER',
  'PWD',
  'OLDPWD',
  'SHELL',
  'HOSTNAME',
  'LANG',
  'TERM',
  'UID',
  'EUID',
  'RANDOM',
  'LINENO',
  'SECONDS',
  'IFS',
  'PPID',
  'BASH_SOURCE',
  'TMPDIR',
]);

export function isSecretName(name: string): boolean {
  return /TOKEN|PASS|SECRET|KEY/i.test(name);
}

export function findPlaceholders(code: string): Placeholder[] {
  // Most blocks have none of the three forms: skip the line-by-line work for them.
  const hasExport = code.includes('export');
  const hasEnv = code.includes('${');
  if (!hasExport && !hasEnv && !code.includes('<')) return [];
  const found = new Map<string, Placeholder>();
  const add = (placeholder: Placeholder) => {
    if (!found.has(placeholder.name)) found.set(placeholder.name, placeholder);
  };
  const lines = code.split('\n');
  const assigned = new Set<string>();
  for (const line of lines) {
    const exported = hasExport ? EXPORT.exec(line) : null;
    if (exported?.[2]) {
      add({
        name: exported[2],
        kind: 'export',
        default: unquote(exported[3] ?? ''),
        secret: isSecretName(exported[2]),
      });
      assigned.add(exported[2]);
      continue;
    }
    if (!hasEnv || (!line.includes('=') && !/\b(for|read)\b/.test(line))) continue;
    for (const match of line.matchAll(/(?:^|[\s;&|(])(?:local\s+|readonly\s+)?([A-Za-z_][A-Za-z0-9_]*)=/g))
      if (match[1]) assigned.add(match[1]);
    for (const match of line.matchAll(/\b(?:for|read(?:\s+-\w+)*)\s+([A-Za-z_][A-Za-z0-9_]*)/g))
      if (match[1]) assigned.add(match[1]);
  }
  for (const line of lines) {
    const angles = line.includes('<');
    const envs = hasEnv && line.includes('${');
    if ((!angles && !envs) || /^\s*#/.test(line)) continue;
    if (angles) {
      for (const match of line.matchAll(ANGLE)) {
        const name = match[1];
        if (name && !HTML_TAGS.has(name.toLowerCase()) && line[(match.index ?? 0) - 1] !== '<')
          add({ name, kind: 'angle', secret: isSecretName(name) });
      }
    }
    if (envs) {
      for (const match of line.matchAll(ENV)) {
        const name = match[1];
        if (name && !assigned.has(name) && !SHELL_VARIABLES.has(name))
          add({ name, kind: 'env', secret: isSecretName(name) });
      }
    }
  }
  return [...found.values()];
}

/**
 * Puts the values in, each quoted for the shell by the project's one quoting function, so a value
 * always arrives as exactly one word: `${VAR}` and `export VAR=` get the variable set at the top
 * (the shell then expands it where it stands); `<name>` is replaced where it stands, with the
 * quoting that fits the place (bare, inside "...", or inside '...').
 */
export function substitutePlaceholders(code: string, values: Record<string, string>): string {
  const placeholders = findPlaceholders(code);
  const lines = code.split('\n').map((line) => {
    const exported = EXPORT.exec(line);
    const name = exported?.[2];
    if (exported && name && name in values) return `${exported[1] ?? ''}${name}=${quoteShellArg(values[name] ?? '')}`;
    return replaceAngles(line, values, placeholders);
  });
  const preamble = placeholders
    .filter((p) => p.kind === 'env' && p.name in values)
    .map((p) => `${p.name}=${quoteShellArg(values[p.name] ?? '')}`);
  return [...preamble, ...lines].join('\n');
}

function replaceAngles(line: string, values: Record<string, string>, placeholders: Placeholder[]): string {
  const angle = new Set(placeholders.filter((p) => p.kind === 'angle').map((p) => p.name));
  let out = '';
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] ?? '';
    const name = ch === '<' ? /^<([A-Za-z_][A-Za-z0-9_-]*)>/.exec(line.slice(i))?.[1] : undefined;
    if (name && angle.has(name) && name in values) {
      out += inContext(values[name] ?? '', quote);
      i += name.length + 1;
      continue;
    }
    if (ch === '\\' && quote !== "'") {
      out += ch + (line[i + 1] ?? '');
      i++;
      continue;
    }
    if ((ch === '"' || ch === "'") && (quote === undefined || quote === ch)) quote = quote ? undefined : ch;
    out += ch;
  }
  return out;
}

/** The value as one word where it stands: bare, inside "..." (escaped), or inside '...' (quote closed and reopened). */
function inContext(value: string, quote: '"' | "'" | undefined): string {
  if (quote === '"') return value.replace(/[\\"$`]/g, '\\$&');
  if (quote === "'") return `'${quoteShellArg(value)}'`;
  return quoteShellArg(value);
}

function unquote(value: string): string {
  const trimmed = value.trim();
  const quoted = /^(["'])(.*)\1$/.exec(trimmed);
  return quoted ? (quoted[2] ?? '') : trimmed;
}

/** What the host can offer for a placeholder, by its name. */
export function suggestionKind(name: string): 'upid' | 'vmid' | 'storage' | undefined {
  if (/upid/i.test(name)) return 'upid';
  if (/^(vmid|ctid|vm|ct|guest|vm_?id|ct_?id|id)$/i.test(name) || /vmid|ctid/i.test(name)) return 'vmid';
  if (/storage/i.test(name)) return 'storage';
  return undefined;
}
