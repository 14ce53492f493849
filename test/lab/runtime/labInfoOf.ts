import { LabInfoSchema, type LabInfo } from './labInfo';
import { PASSWORD_USER, type LabLayout } from './labLayout';
import type { RuntimeState } from './runtimeState';
import { fingerprint, publicKeyLine, readPassword } from './sshd';

/** The LabInfo of a running lab, read from its files (host keys may change with `rekey`). */
export async function labInfoOf(layout: LabLayout, state: RuntimeState): Promise<LabInfo> {
  const endpoint = async (port: number, keyFile: string) => ({
    host: '127.0.0.1' as const,
    port,
    hostKeyFingerprint: await fingerprint(`${keyFile}.pub`),
    hostKey: publicKeyLine(`${keyFile}.pub`),
  });
  return LabInfoSchema.parse({
    ...(await endpoint(state.port, layout.hostKey)),
    user: 'root',
    clientKeyPath: layout.clientKey,
    knownHostsPath: layout.knownHosts,
    sshConfigPath: layout.sshClientConfig,
    passwordUser: PASSWORD_USER,
    password: readPassword(layout),
    jump: await endpoint(state.jumpPort, layout.jumpHostKey),
    nodeName: 'pve2',
    labDir: layout.dir,
    states: state.states,
  });
}
