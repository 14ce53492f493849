import * as z from 'zod';

// The parts of `zpool status -j` (cmd/zpool/zpool_main.c, status_callback_json()) this model reads.
// Objects drop the keys not listed; a present key of the wrong type fails the whole document.

export const jsonNumber = z.union([z.string(), z.number()]);

export interface JsonVdev {
  name?: string | undefined;
  state?: string | undefined;
  class?: string | undefined;
  parent?: string | undefined;
  read_errors?: string | number | undefined;
  write_errors?: string | number | undefined;
  checksum_errors?: string | number | undefined;
  slow_ios?: string | number | undefined;
  scan_processed?: string | number | undefined;
  resilver_deferred?: string | number | undefined;
  was?: string | undefined;
  aux?: string | undefined;
  used_by?: string | undefined;
  configured_ashift?: string | number | undefined;
  physical_ashift?: string | number | undefined;
  removing?: string | number | undefined;
  noalloc?: string | number | undefined;
  vdevs?: Record<string, JsonVdev> | undefined;
}

const vdevSchema: z.ZodType<JsonVdev> = z.lazy(() =>
  z.object({
    name: z.string().optional(),
    state: z.string().optional(),
    class: z.string().optional(),
    parent: z.string().optional(),
    read_errors: jsonNumber.optional(),
    write_errors: jsonNumber.optional(),
    checksum_errors: jsonNumber.optional(),
    slow_ios: jsonNumber.optional(),
    scan_processed: jsonNumber.optional(),
    resilver_deferred: jsonNumber.optional(),
    was: z.string().optional(),
    aux: z.string().optional(),
    used_by: z.string().optional(),
    configured_ashift: jsonNumber.optional(),
    physical_ashift: jsonNumber.optional(),
    removing: jsonNumber.optional(),
    noalloc: jsonNumber.optional(),
    vdevs: z.record(z.string(), vdevSchema).optional(),
  }),
);
const vdevMap = z.record(z.string(), vdevSchema);

const rebuildSchema = z.object({
  state: z.string().optional(),
  scanned: jsonNumber.optional(),
  to_scan: jsonNumber.optional(),
  rebuilt: jsonNumber.optional(),
  errors: jsonNumber.optional(),
  start_time: jsonNumber.optional(),
  end_time: jsonNumber.optional(),
});

const scanSchema = z.object({
  function: z.string().optional(),
  state: z.string().optional(),
  start_time: jsonNumber.optional(),
  end_time: jsonNumber.optional(),
  to_examine: jsonNumber.optional(),
  skipped: jsonNumber.optional(),
  issued: jsonNumber.optional(),
  processed: jsonNumber.optional(),
  errors: jsonNumber.optional(),
  scrub_pause: jsonNumber.optional(),
  rebuild_stats: z.record(z.string(), rebuildSchema).optional(),
});

const poolSchema = z.object({
  name: z.string().optional(),
  state: z.string(),
  status: z.string().optional(),
  action: z.string().optional(),
  moreinfo: z.string().optional(),
  scan_stats: scanSchema.optional(),
  vdevs: vdevMap.optional(),
  dedup: vdevMap.optional(),
  special: vdevMap.optional(),
  logs: vdevMap.optional(),
  l2cache: vdevMap.optional(),
  spares: vdevMap.optional(),
  error_count: jsonNumber.optional(),
  // An array of entries, or the strerror() text when the error log could not be read.
  errlist: z.union([z.array(z.string()), z.string()]).optional(),
});
export type JsonPool = z.infer<typeof poolSchema>;
export type JsonScan = z.infer<typeof scanSchema>;

export const documentSchema = z.object({ pools: z.record(z.string(), poolSchema) });
