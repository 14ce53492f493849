import { ApiError, ParamError } from './apiError';

export type ParamType = 'integer' | 'boolean' | 'string' | 'number';

export interface ParamSpec {
  type: ParamType;
  enum?: readonly string[];
  minimum?: number;
  maximum?: number;
  pattern?: RegExp;
  patternMessage?: string;
}

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
export type Params = Record<string, string | number>;

export interface Route {
  method: Method;
  /** API path template, e.g. /nodes/{node}/lxc/{vmid}/config */
  path: string;
  params: Record<string, ParamSpec>;
  returns: 'array' | 'object' | 'scalar' | 'null';
  handler: (uri: Record<string, string>, params: Params) => unknown;
}

/** Finds the route for a concrete path; path variables never contain '/'. */
export function matchRoute(
  routes: readonly Route[],
  method: Method,
  path: string,
): { route: Route; uri: Record<string, string> } | undefined {
  const clean = `/${path.split('/').filter(Boolean).join('/')}`;
  const parts = clean.split('/');
  for (const route of routes) {
    if (route.method !== method) continue;
    const tpl = route.path.split('/');
    if (tpl.length !== parts.length) continue;
    const uri: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < tpl.length && ok; i++) {
      const t = tpl[i] ?? '';
      const p = parts[i] ?? '';
      const v = /^\{(\w+)\}$/.exec(t);
      if (v) {
        if (p === '') ok = false;
        else uri[v[1] ?? ''] = decodeURIComponent(p);
      } else if (t !== p) ok = false;
    }
    if (ok) return { route, uri };
  }
  return undefined;
}

/** Checks and converts raw option strings like the JSON schema validator does. */
export function validateParams(specs: Record<string, ParamSpec>, raw: Record<string, string>): Params {
  const errors: Record<string, string> = {};
  const res: Params = {};
  for (const [name, value] of Object.entries(raw)) {
    const spec = specs[name];
    if (!spec) {
      errors[name] = 'property is not defined in schema and the schema does not allow additional properties';
      continue;
    }
    if (spec.type === 'integer') {
      if (!/^-?\d+$/.test(value)) {
        errors[name] = `type check ('integer') failed - got '${value}'`;
        continue;
      }
      const n = Number(value);
      if (spec.minimum !== undefined && n < spec.minimum)
        errors[name] = `value must have a minimum value of ${spec.minimum}`;
      else if (spec.maximum !== undefined && n > spec.maximum)
        errors[name] = `value must have a maximum value of ${spec.maximum}`;
      else res[name] = n;
    } else if (spec.type === 'boolean') {
      const b = /^(1|on|yes|true)$/i.test(value) ? 1 : /^(0|off|no|false)$/i.test(value) ? 0 : undefined;
      if (b === undefined) errors[name] = `type check ('boolean') failed - got '${value}'`;
      else res[name] = b;
    } else if (spec.type === 'number') {
      if (!/^-?\d+(\.\d+)?$/.test(value)) errors[name] = `type check ('number') failed - got '${value}'`;
      else res[name] = Number(value);
    } else {
      if (spec.enum && !spec.enum.includes(value)) {
        errors[name] = `value '${value}' does not have a value in the enumeration '${spec.enum.join(', ')}'`;
      } else if (spec.pattern && !spec.pattern.test(value)) {
        errors[name] = spec.patternMessage ?? `value does not match the regex pattern`;
      } else res[name] = value;
    }
  }
  if (Object.keys(errors).length > 0) throw new ParamError(errors);
  return res;
}

/** The one node this lab has; other names fail like a failed proxy lookup. */
export function checkNode(node: string | undefined): void {
  if (node !== undefined && node !== 'pve2') {
    throw new ApiError(
      `hostname lookup '${node}' failed - failed to get address info for: ${node}: Name or service not known`,
    );
  }
}

export function vmidParam(raw: string | undefined): number {
  if (!raw || !/^[1-9][0-9]{2,8}$/.test(raw))
    throw new ParamError({ vmid: `type check ('integer') failed - got '${raw ?? ''}'` });
  return Number(raw);
}
