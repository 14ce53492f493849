// Secrets must never reach the log, even when a caller logs a command line or an error message
// that happens to contain one. Redaction is applied to every line, whatever its source.

const MASK = '***';

const secretKey = String.raw`[\w.-]*(?:pass(?:word|phrase)?|secret|token|api[_-]?key|private[_-]?key)[\w.-]*`;

const patterns: ReadonlyArray<[RegExp, (match: string, ...groups: string[]) => string]> = [
  // Proxmox API tokens: PVEAPIToken=user@realm!tokenid=uuid (before the generic rule, which would eat the id)
  [/(PVEAPIToken=[^=\s]+=)[\w-]+/g, (_m, head) => `${head}${MASK}`],
  // key=value and key: value where the key names a secret; a quoted value is masked whole
  [
    new RegExp(String.raw`\b(?!PVEAPIToken=)(${secretKey})(["']?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s"',;]+)`, 'gi'),
    (_m, key, separator, value) => `${key}${separator}${/^["']/.test(value ?? '') ? `"${MASK}"` : MASK}`,
  ],
  // URLs with credentials: scheme://user:password@host
  [/(\b[a-z][\w+.-]*:\/\/[^/\s:@]+:)[^@\s/]+@/gi, (_m, head) => `${head}${MASK}@`],
  // PEM private keys, whole block
  [
    /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
    () => `-----PRIVATE KEY ${MASK}-----`,
  ],
];

export function redactSecrets(text: string, knownSecrets: Iterable<string> = []): string {
  let result = text;
  for (const secret of knownSecrets) {
    // Very short values would mask ordinary words; they are still covered by the patterns.
    if (secret.length >= 4) result = result.split(secret).join(MASK);
  }
  for (const [pattern, replace] of patterns) result = result.replace(pattern, replace);
  return result;
}
