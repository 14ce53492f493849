import * as z from 'zod';

// Runme's two info-string attribute forms, so existing runbooks work unchanged:
//   ```bash {"name":"x","excludeFromRunAll":true}```   and   ```bash { name=x host=pve2 confirm=true }```
// In the key=value form, true/false become booleans and plain numbers become numbers; a value
// may be quoted to hold spaces.

export type AttributeValue = string | boolean | number;

const jsonAttributes = z.record(z.string(), z.union([z.string(), z.boolean(), z.number()]));

export function parseInfoString(info: string): { language: string; attributes: Record<string, AttributeValue> } {
  const brace = info.indexOf('{');
  const head = (brace >= 0 ? info.slice(0, brace) : info).trim();
  const language = (head.split(/\s+/)[0] ?? '').toLowerCase();
  if (brace < 0) return { language, attributes: {} };
  const body = info.slice(brace, info.lastIndexOf('}') + 1 || undefined);
  return { language, attributes: parseAttributes(body) };
}

function parseAttributes(body: string): Record<string, AttributeValue> {
  if (/^\{\s*"/.test(body)) {
    try {
      const parsed = jsonAttributes.safeParse(JSON.parse(body));
      if (parsed.success) return parsed.data;
    } catch {
      // not valid JSON after all: read it as key=value
    }
  }
  const attributes: Record<string, AttributeValue> = {};
  const inner = body.replace(/^\{|\}$/g, '');
  for (const match of inner.matchAll(/([A-Za-z_][\w-]*)\s*=\s*("([^"]*)"|'([^']*)'|[^\s,}]+)/g)) {
    const key = match[1];
    if (!key) continue;
    const quoted = match[3] ?? match[4];
    attributes[key] = quoted !== undefined ? quoted : typed(match[2] ?? '');
  }
  return attributes;
}

function typed(raw: string): AttributeValue {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  return raw;
}
