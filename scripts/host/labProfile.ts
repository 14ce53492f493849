import * as fs from 'node:fs';
import * as path from 'node:path';
import { TRUST_STORE_FILE } from '../../src/remote/trustStore';
import { EXTENSION_ID } from '../../src/ids';
import type { LabInfo } from '../../test/lab/runtime/labInfo';

/** User settings that configure the lab as host "pve2", as a user would. */
export function labHostSettings(lab: LabInfo): Record<string, unknown> {
  return {
    'pve.hosts': [
      { name: 'pve2', host: lab.host, port: lab.port, username: lab.user, identityFile: lab.clientKeyPath },
    ],
  };
}

/** Trusts the lab's host key in a fresh profile, as "Trust and Remember" would have stored it. */
export function trustLabKeyInProfile(userDataDir: string, lab: LabInfo): void {
  const [keyType, key] = lab.hostKey.split(' ');
  const dir = path.join(userDataDir, 'User', 'globalStorage', EXTENSION_ID);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, TRUST_STORE_FILE),
    JSON.stringify({ version: 1, keys: [{ host: lab.host, port: lab.port, keyType, key }] }, null, 2),
  );
}
