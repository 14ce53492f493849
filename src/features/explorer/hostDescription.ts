import type { HostConfig } from '../../domain/hosts/hostConfig';

export function describeTarget(host: HostConfig): string {
  const user = host.username ? `${host.username}@` : '';
  const port = host.port && host.port !== 22 ? `:${host.port}` : '';
  return `${user}${host.host}${port}`;
}
