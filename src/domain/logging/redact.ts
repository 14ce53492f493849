// Secrets must never reach the log, even when a caller logs a command line or an error message
// that happens to contain one. Redaction is applied to every line, whatever its source.

const MASK = '***';

const patterns: ReadonlyArray<[RegExp, string]> = [
  // key=value and key: value where the key names a secret (password=..., "passphrase": "...")
  [/\b([\w.-]*(?:pass(?:word|phrase)?|secret|token|api[_-]?key|private[_-]?key)[\w.-]*)(["']?\s*[:=]\s*["']?)([^\s"',;]+)/gi, `$1$2${MASK}`],
  // Proxmox API tokens: PVEAPIToken=user@realm!tokenid=uuid
  [/(PVEAPIToken=[^=\s]+=)[\w-]+/g, `$1${MASK}`],
  // URLs with credentials: scheme://user:password@host
  [/(\b[a-z][\w+.-]*:\/\/[^/\s:@]+:)[^@\s/]+@/gi, `$1${MASK}@`],
  // PEM private keys, whole block
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g, `-----PRIVATE KEY ${MASK}-----`],
];

export function redactSecrets(text: string, knownSecrets: Iterable<string> = []): string {
  let result = text;
  for (const secret of knownSecrets) {
    // Very short values would mask ordinary words; they are still covered by the patterns.
    if (secret.length >= 4) result = result.split(secret).join(MASK);
  }
  for (const [pattern, replacement] of patterns) result = result.replace(pattern, replacement);
  return result;
}
