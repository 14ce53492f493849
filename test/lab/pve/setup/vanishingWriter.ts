import * as fs from 'node:fs';
import { guestRootfsPath, hostPath } from '../labPaths';
import { readGuestState } from '../config/guestRuntime';

/** Where Radarr's Sentry SDK spools crash-report envelopes inside CT 1031. */
export const ENVELOPE_DIR =
  'root/docker-projects/docker-media-stack/config/radarr-directors/Sentry/2c4d7a1e9b/envelopes';

/**
 * The live writer of the vanishing-files switch: creates an envelope every millisecond and deletes
 * it about 30 ms later; it is stopped while the guest is stopped or frozen. Names count down, so rsync sends
 * the youngest first and reaches the oldest just as they disappear ("file has vanished").
 */
export function runVanishingWriter(vmid: number): void {
  process.title = `pve-lab-writer: Radarr Sentry envelopes in CT ${vmid}`;
  const dir = `${hostPath(guestRootfsPath(vmid))}/${ENVELOPE_DIR}`;
  fs.mkdirSync(dir, { recursive: true });
  const payload = Buffer.alloc(48 * 1024, 0x7b);
  const live: Array<{ file: string; born: number }> = [];
  let counter = 1_000_000_000;
  // a stopped or frozen guest gets SIGSTOP from the lab (see signalGuestProcesses)
  const s = readGuestState(vmid);
  if (s.status !== 'running' || s.frozen) process.kill(process.pid, 'SIGSTOP');
  setInterval(() => {
    const now = Date.now();
    while (live.length > 0 && now - (live[0]?.born ?? now) > 30) {
      const old = live.shift();
      if (old) fs.rmSync(old.file, { force: true });
    }
    for (let i = 0; i < 1; i++) {
      const file = `${dir}/${counter--}.envelope`;
      try {
        fs.writeFileSync(file, payload);
        live.push({ file, born: now });
      } catch {
        fs.mkdirSync(dir, { recursive: true });
      }
    }
  }, 1);
  const stop = (): void => {
    for (const l of live) fs.rmSync(l.file, { force: true });
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
