import { checkFormat, checkRange, isInteger, parseBoolean, utf8Length, type ValueProblem } from './formats';
import { API_ONLY_KEYS, findOption, suggestKey, type VzdumpOption } from './options';
import { checkPropertyString } from './propertyStrings';
import { isBlank, scanVzdumpConf, trimmedSpan, type ConfLine } from './scanVzdumpConf';

export type Severity = 'error' | 'warning' | 'information';

export type DiagnosticCode =
  | 'ignored-line'
  | 'space-before-colon'
  | 'inline-comment'
  | 'unknown-key'
  | 'removed-option'
  | 'deprecated-option'
  | 'type'
  | 'enum'
  | 'minimum'
  | 'maximum'
  | 'max-length'
  | 'format'
  | 'property-string'
  | 'placeholder'
  | 'duplicate'
  | 'storage-and-dumpdir'
  | 'guest-selection'
  /** reserved for checks against the host (hostChecks.ts) */
  | 'host';

interface FixBase {
  /** what the light bulb says */
  title: string;
  /** the whole new text of the diagnostic's line; null deletes the line */
  replacementLine: string | null;
  /** insert replacementLine above the line instead of replacing it */
  insert?: boolean;
}

/** Data for a quick fix. The glue only has to replace the diagnostic's line with `replacementLine`. */
export type QuickFixHint =
  | (FixBase & { kind: 'rename-key'; to: string; replacementLine: string })
  | (FixBase & { kind: 'remove-space-before-colon'; replacementLine: string })
  | (FixBase & { kind: 'add-colon'; replacementLine: string })
  | (FixBase & { kind: 'strip-inline-comment'; value: string; replacementLine: string })
  /** `with` is null (and the line deleted) when prune-backups is already set */
  | (FixBase & { kind: 'replace-maxfiles'; with: string | null })
  | (FixBase & { kind: 'set-tmpdir'; path: string; replacementLine: string });

export interface ConfDiagnostic {
  /** 0-based */
  line: number;
  /** 0-based UTF-16 columns of that line, end exclusive */
  startColumn: number;
  endColumn: number;
  severity: Severity;
  message: string;
  key?: string;
  code: DiagnosticCode;
  fix?: QuickFixHint;
}

export interface VzdumpConfResult {
  /**
   * What Proxmox uses from the file: the last line of each known key when its value is valid
   * (an invalid last line drops the key, earlier lines do not come back), booleans as '1'/'0',
   * every exclude-path line in order. Unknown, removed and invalid keys are left out, and so is
   * dumpdir when storage is set too.
   */
  values: Record<string, string | string[]>;
  diagnostics: ConfDiagnostic[];
}

const GUEST_SELECTION =
  'it chooses guests, which is the job of a backup job or of the vzdump command line; here it would apply to every backup on this node';
const FREE_TEXT = new Set(['tmpdir', 'dumpdir', 'script', 'exclude-path', 'pool', 'notes-template']);

/** Reads /etc/vzdump.conf the way Proxmox does and says, line by line, what will not work as written. */
export function validateVzdumpConf(text: string): VzdumpConfResult {
  const lines = scanVzdumpConf(text);
  const diagnostics: ConfDiagnostic[] = [];
  const values: Record<string, string | string[]> = {};
  const suggestions = new Map<string, string | undefined>();
  const suggest = (key: string) => {
    if (!suggestions.has(key)) suggestions.set(key, suggestKey(key));
    return suggestions.get(key);
  };

  // Where each key is set last, and the line after each earlier one (for the duplicate warning).
  const lastLine = new Map<string, ConfLine>();
  const nextSameKey: (ConfLine | undefined)[] = new Array<ConfLine | undefined>(lines.length);
  for (const line of lines) {
    if (line.kind !== 'entry' || line.key === undefined) continue;
    const before = lastLine.get(line.key);
    if (before) nextSameKey[before.line] = line;
    lastLine.set(line.key, line);
  }
  const hasPruneBackups = lastLine.has('prune-backups');

  for (const line of lines) {
    if (line.kind === 'blank' || line.kind === 'comment') continue;
    if (line.kind === 'ignored') {
      diagnostics.push(ignoredLine(line));
      continue;
    }
    const key = line.key ?? '';
    const option = findOption(key);
    if (!option || API_ONLY_KEYS.has(key)) {
      diagnostics.push(unknownKey(line, key, suggest(key)));
      continue;
    }
    if (option.removed) {
      diagnostics.push(removedOption(line, option, hasPruneBackups));
      continue;
    }

    const problems = valueProblems(option, line.value);
    const later = nextSameKey[line.line];
    // Diagnostics on the key first, then those on the value, so they come out in column order.
    if (option.guestSelection)
      diagnostics.push(
        onKey(
          line,
          'warning',
          'guest-selection',
          `${key} does not belong in vzdump.conf: ${GUEST_SELECTION}. Proxmox still reads it.`,
        ),
      );
    if (option.deprecated)
      diagnostics.push(
        onKey(line, 'information', 'deprecated-option', `${key} still works but is deprecated: ${option.deprecated}.`),
      );
    if (later && option.type !== 'array')
      diagnostics.push(
        onKey(
          line,
          'warning',
          'duplicate',
          `${key} is set again on line ${later.line + 1}; Proxmox keeps only the last one, so this line has no effect.`,
        ),
      );
    diagnostics.push(...valueDiagnostics(line, option, problems, option.type === 'array' ? undefined : later));
    if (problems.length === 0 && option.placeholder !== undefined && line.value === option.placeholder) {
      diagnostics.push({
        ...valueRange(line),
        severity: 'warning',
        code: 'placeholder',
        key,
        message: `"${line.value}" is the placeholder from the shipped file, not a real value. Proxmox accepts it as written; replace it with what you mean.`,
      });
    }

    if (option.type === 'array') {
      // Repeated lines add up; the items are free text, so none is ever dropped.
      const list = values[key];
      if (Array.isArray(list)) list.push(line.value);
      else values[key] = [line.value];
      continue;
    }
    if (later) continue;
    if (problems.length === 0)
      values[key] = option.type === 'boolean' ? (parseBoolean(line.value) ?? line.value) : line.value;
  }

  // Proxmox prefers storage and drops dumpdir when both survive the parse.
  const dumpdirLine = lastLine.get('dumpdir');
  if (values.storage !== undefined && values.dumpdir !== undefined && dumpdirLine) {
    delete values.dumpdir;
    insertInOrder(
      diagnostics,
      onKey(
        dumpdirLine,
        'warning',
        'storage-and-dumpdir',
        `storage is set as well (${String(values.storage)}), so Proxmox ignores dumpdir and says so in every backup log. Keep one of the two.`,
      ),
    );
  }
  return { values, diagnostics: sortByPosition(diagnostics) };
}

const before = (a: ConfDiagnostic, b: ConfDiagnostic) => a.line - b.line || a.startColumn - b.startColumn;

function sortByPosition(diagnostics: ConfDiagnostic[]): ConfDiagnostic[] {
  // Nearly always in order already: diagnostics are made line by line, key before value.
  for (let i = 1; i < diagnostics.length; i++) {
    if (before(diagnostics[i - 1] as ConfDiagnostic, diagnostics[i] as ConfDiagnostic) > 0)
      return diagnostics.sort(before);
  }
  return diagnostics;
}

function insertInOrder(diagnostics: ConfDiagnostic[], diagnostic: ConfDiagnostic): void {
  let low = 0;
  let high = diagnostics.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (before(diagnostics[middle] as ConfDiagnostic, diagnostic) <= 0) low = middle + 1;
    else high = middle;
  }
  diagnostics.splice(low, 0, diagnostic);
}

/** Every reason Proxmox would reject the value (check_prop), with columns within the value. */
function valueProblems(option: VzdumpOption, value: string): ValueProblem[] {
  const whole = { start: 0, end: value.length };
  if (option.type === 'boolean') {
    return parseBoolean(value) === undefined
      ? [
          {
            code: 'type',
            message: `"${value}" is not a boolean: write 1 or 0 (yes/no, on/off and true/false work too)`,
            ...whole,
          },
        ]
      : [];
  }
  if (option.type === 'integer') {
    if (!isInteger(value)) return [{ code: 'type', message: `"${value}" is not a whole number`, ...whole }];
    const range = checkRange(value, option.minimum, option.maximum);
    return range ? [{ ...range, ...whole }] : [];
  }
  if (option.type === 'array') return [];
  if (option.subKeys)
    return checkPropertyString(option, value).map((problem) => ({ ...problem, code: 'format' as const }));
  if (option.format) return checkFormat(option.format as Parameters<typeof checkFormat>[0], value);
  const bytes = utf8Length(value);
  if (option.maxLength !== undefined && bytes > option.maxLength) {
    return [
      {
        code: 'max-length',
        message: `the value is ${bytes} bytes long; at most ${option.maxLength} are allowed`,
        ...whole,
      },
    ];
  }
  if (option.enum && !option.enum.includes(value))
    return [{ code: 'enum', message: `"${value}" is not one of ${option.enum.join(', ')}`, ...whole }];
  return [];
}

/** Where `#` would start a comment if Proxmox had inline comments: at the start of the value or after a blank. */
function inlineCommentAt(value: string): number | undefined {
  for (let i = value.indexOf('#'); i !== -1; i = value.indexOf('#', i + 1)) {
    if (i === 0 || isBlank(value[i - 1])) return i;
  }
  return undefined;
}

function valueDiagnostics(
  line: ConfLine,
  option: VzdumpOption,
  problems: ValueProblem[],
  later: ConfLine | undefined,
): ConfDiagnostic[] {
  const key = option.name;
  const overridden = later ? ` (line ${later.line + 1} overrides this one anyway)` : '';
  const comment = inlineCommentAt(line.value);
  if (comment === undefined) return problems.map((problem) => problemDiagnostic(line, option, problem, overridden));

  const meant = line.value.slice(0, trimmedSpan(line.value.slice(0, comment)).end);
  const seen = problems.length
    ? ', which is not a valid value, so Proxmox drops the setting and uses its default'
    : FREE_TEXT.has(key)
      ? `, comment and all${key === 'tmpdir' || key === 'dumpdir' || key === 'script' ? ', as the path' : ''}`
      : ', comment and all';
  const diagnostic: ConfDiagnostic = {
    line: line.line,
    startColumn: line.valueStart + comment,
    endColumn: line.valueEnd,
    severity: 'error',
    code: 'inline-comment',
    key,
    message: `'#' starts a comment only at the beginning of a line. Proxmox reads ${key} as "${line.value}"${seen}.${overridden}`,
    fix: {
      kind: 'strip-inline-comment',
      value: meant,
      title: `Remove the comment (${key}: ${meant})`,
      replacementLine: `${line.text.slice(0, line.valueStart)}${meant}`.replace(/[ \t]+$/, ''),
    },
  };
  // Report what would still be wrong once the comment is gone, but not the comment twice.
  const remaining = meant === line.value ? [] : valueProblems(option, meant);
  return [...remaining.map((problem) => problemDiagnostic(line, option, problem, overridden)), diagnostic];
}

function problemDiagnostic(
  line: ConfLine,
  option: VzdumpOption,
  problem: ValueProblem,
  overridden: string,
): ConfDiagnostic {
  const start = line.valueStart + problem.start;
  const empty = line.value === '';
  const consequence = option.subKeys
    ? `Proxmox drops the whole ${option.name} setting.`
    : 'Proxmox drops the setting and uses its default.';
  return {
    line: line.line,
    startColumn: empty ? line.keyStart : start,
    endColumn: empty ? line.valueEnd : Math.max(line.valueStart + problem.end, start + 1),
    severity: 'error',
    code: option.subKeys ? 'property-string' : problem.code,
    key: option.name,
    message: `${option.subKeys ? '' : `${option.name}: `}${empty ? 'the value is empty' : problem.message}. ${consequence}${overridden}`,
  };
}

function ignoredLine(line: ConfLine): ConfDiagnostic {
  const indent = line.text.slice(0, line.keyStart);
  const trimmed = line.text.slice(line.keyStart, line.keyEnd);
  const at = { line: line.line, startColumn: line.keyStart, endColumn: line.keyEnd, severity: 'error' as const };
  const spaced = /^([^ \t\n\r\f\v]+)[ \t\f\v]+:[ \t\f\v]*(.*)$/.exec(trimmed);
  if (spaced) {
    const [, key = '', rest = ''] = spaced;
    return {
      ...at,
      code: 'space-before-colon',
      key,
      message: `Proxmox ignores this line: the colon must follow "${key}" directly, with no blank in between, so the setting has no effect.`,
      fix: {
        kind: 'remove-space-before-colon',
        title: `Remove the blank before the colon (${key}: ${rest})`,
        replacementLine: `${indent}${key}: ${rest}`.replace(/[ \t]+$/, ''),
      },
    };
  }
  const noColon = /^([A-Za-z][A-Za-z0-9_-]*)(?:[ \t]*=[ \t]*|[ \t]+)(.*)$/.exec(trimmed);
  const key = noColon?.[1];
  if (noColon && key !== undefined && findOption(key)) {
    const rest = noColon[2] ?? '';
    return {
      ...at,
      code: 'ignored-line',
      key,
      message: `Proxmox ignores this line: a setting is written "${key}: value", with a colon right after the key.`,
      fix: {
        kind: 'add-colon',
        title: `Write it as "${key}: ${rest}"`,
        replacementLine: `${indent}${key}: ${rest}`.replace(/[ \t]+$/, ''),
      },
    };
  }
  return {
    ...at,
    code: 'ignored-line',
    message: 'Proxmox ignores this line: it is neither a comment (starting with #) nor a "key: value" setting.',
  };
}

function unknownKey(line: ConfLine, key: string, suggestion: string | undefined): ConfDiagnostic {
  if (API_ONLY_KEYS.has(key))
    return onKey(
      line,
      'error',
      'unknown-key',
      `${key} is a parameter of the API and the vzdump command only; in this file Proxmox never uses it.`,
    );
  const base = onKey(
    line,
    'error',
    'unknown-key',
    `"${key}" is not a vzdump option: Proxmox keeps the line without a warning but never uses it.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
  );
  if (!suggestion) return base;
  return {
    ...base,
    fix: {
      kind: 'rename-key',
      to: suggestion,
      title: `Rename to "${suggestion}"`,
      replacementLine: `${line.text.slice(0, line.keyStart)}${suggestion}${line.text.slice(line.keyEnd)}`,
    },
  };
}

function removedOption(line: ConfLine, option: VzdumpOption, hasPruneBackups: boolean): ConfDiagnostic {
  const removed = option.removed ?? { since: 'an earlier release' };
  const instead = removed.replacement ? ` Use ${removed.replacement} instead.` : ' Delete the line.';
  const diagnostic = onKey(
    line,
    'warning',
    'removed-option',
    `${option.name} was removed in ${removed.since}: Proxmox keeps the line but no longer acts on it.${instead}`,
  );
  if (option.name !== 'maxfiles') return diagnostic;
  if (hasPruneBackups)
    return {
      ...diagnostic,
      fix: {
        kind: 'replace-maxfiles',
        with: null,
        title: 'Delete maxfiles (prune-backups is already set)',
        replacementLine: null,
      },
    };
  if (!isInteger(line.value) || Number(line.value) < 0) return diagnostic;
  const count = Number(line.value);
  const replacement = `prune-backups: ${count === 0 ? 'keep-all=1' : `keep-last=${count}`}`;
  return {
    ...diagnostic,
    fix: {
      kind: 'replace-maxfiles',
      with: replacement,
      title: `Replace with "${replacement}"`,
      replacementLine: `${line.text.slice(0, line.keyStart)}${replacement}`,
    },
  };
}

function onKey(line: ConfLine, severity: Severity, code: DiagnosticCode, message: string): ConfDiagnostic {
  return {
    line: line.line,
    startColumn: line.keyStart,
    endColumn: line.keyEnd,
    severity,
    code,
    key: line.key,
    message,
  };
}

function valueRange(line: ConfLine): Pick<ConfDiagnostic, 'line' | 'startColumn' | 'endColumn'> {
  return line.value
    ? { line: line.line, startColumn: line.valueStart, endColumn: line.valueEnd }
    : { line: line.line, startColumn: line.keyStart, endColumn: line.valueEnd };
}
