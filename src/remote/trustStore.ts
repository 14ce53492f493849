import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as z from 'zod';
import type { TrustedKey } from '../domain/ssh/hostKeyDecision';

/** The file name in the extension's global storage folder. */
export const TRUST_STORE_FILE = 'trusted-host-keys.json';

const storeSchema = z.object({
  version: z.literal(1),
  keys: z.array(z.object({ host: z.string(), port: z.number().int(), keyType: z.string(), key: z.string() })),
});

/**
 * Host keys the user chose to "trust and remember", in a JSON file in the extension's
 * machine-local storage (not in settings, which may sync to other machines).
 */
export class TrustStore {
  constructor(private readonly file: string) {}

  async list(): Promise<TrustedKey[]> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const parsed = storeSchema.safeParse(JSON.parse(text));
    if (!parsed.success)
      throw new Error(
        `The trusted host keys file ${this.file} is damaged: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
      );
    return parsed.data.keys;
  }

  async add(key: TrustedKey): Promise<void> {
    const keys = (await this.list()).filter(
      (k) => !(k.host === key.host && k.port === key.port && k.keyType === key.keyType),
    );
    await this.save([...keys, key]);
  }

  async remove(host: string, port: number): Promise<number> {
    const keys = await this.list();
    const kept = keys.filter((k) => !(k.host === host.toLowerCase() && k.port === port));
    await this.save(kept);
    return keys.length - kept.length;
  }

  private async save(keys: TrustedKey[]): Promise<void> {
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    await fs.writeFile(temporary, JSON.stringify({ version: 1, keys }, null, 2), { mode: 0o600 });
    await fs.rename(temporary, this.file);
  }
}
