// The shapes of one "Permanent errors" entry of `zpool status -v`. libzfs prints each damaged object
// in one of these forms (zpool_obj_to_path_impl), depending on how much of its name it could resolve.

export type ErrorEntryForm =
  /** `<metadata>:<0x..>`: an object of the pool's own metadata (dataset 0, the MOS). */
  | { form: 'metadata' }
  /** `<0x..>:<0x..>`: the dataset id could not be named, e.g. a dataset or snapshot since destroyed. */
  | { form: 'unnamed-dataset' }
  /** `/mountpoint/file`: the dataset is mounted and the object has a path. */
  | { form: 'mounted-path'; path: string }
  /** `dataset:/file`: the dataset is not mounted (snapshots never are), the path is inside it. */
  | { form: 'dataset-path'; dataset: string; snapshot?: string; path: string }
  /** `dataset:<0x..>`: the object has no path; every zvol ends up here. */
  | { form: 'dataset-object'; dataset: string; snapshot?: string }
  | { form: 'unknown' };

const METADATA = /^<metadata>:<0x[0-9a-f]+>$/i;
const UNNAMED_DATASET = /^<0x[0-9a-f]+>:<0x[0-9a-f]+>$/i;
// Greedy, so the object id is the last ":<0x..>"; lazy, so the path starts at the first ":/".
const DATASET_OBJECT = /^(.+):<0x[0-9a-f]+>$/i;
const DATASET_PATH = /^(.+?):(\/.*)$/;
// The characters ZFS allows in dataset names (zfs_namecheck.c), '%' for hidden receive datasets,
// and one optional @snapshot.
const DATASET_NAME = /^([\w.: %-]+(?:\/[\w.: %-]+)*)(?:@([\w.: -]+))?$/;

export function parseErrorEntry(entry: string): ErrorEntryForm {
  const text = entry.trim();
  if (METADATA.test(text)) return { form: 'metadata' };
  if (UNNAMED_DATASET.test(text)) return { form: 'unnamed-dataset' };
  if (text.startsWith('/')) return { form: 'mounted-path', path: text };

  const object = DATASET_OBJECT.exec(text);
  const objectName = object?.[1] === undefined ? undefined : splitDatasetName(object[1]);
  if (objectName) return { form: 'dataset-object', ...objectName };

  const withPath = DATASET_PATH.exec(text);
  const pathName = withPath?.[1] === undefined ? undefined : splitDatasetName(withPath[1]);
  if (pathName && withPath?.[2]) return { form: 'dataset-path', ...pathName, path: withPath[2] };

  return { form: 'unknown' };
}

function splitDatasetName(name: string): { dataset: string; snapshot?: string } | undefined {
  const match = DATASET_NAME.exec(name);
  if (!match?.[1]) return undefined;
  return match[2] === undefined ? { dataset: match[1] } : { dataset: match[1], snapshot: match[2] };
}
