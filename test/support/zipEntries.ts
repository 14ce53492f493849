import * as fs from 'node:fs';
import * as zlib from 'node:zlib';

// Reads a zip archive (a VSIX is one) through its central directory: enough to check what a
// package holds and to read one file back, without a dependency.

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  localHeaderOffset: number;
}

function readCentralDirectory(data: Buffer, file: string): ZipEntry[] {
  const endOfCentralDirectory = data.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (endOfCentralDirectory < 0) throw new Error(`${file} is not a zip archive`);
  const count = data.readUInt16LE(endOfCentralDirectory + 10);
  let offset = data.readUInt32LE(endOfCentralDirectory + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (data.readUInt32LE(offset) !== 0x02014b50) throw new Error(`${file}: broken central directory at entry ${i}`);
    const nameLength = data.readUInt16LE(offset + 28);
    const extraLength = data.readUInt16LE(offset + 30);
    const commentLength = data.readUInt16LE(offset + 32);
    entries.push({
      name: data.toString('utf8', offset + 46, offset + 46 + nameLength),
      method: data.readUInt16LE(offset + 10),
      compressedSize: data.readUInt32LE(offset + 20),
      localHeaderOffset: data.readUInt32LE(offset + 42),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

export function listZipEntries(file: string): string[] {
  return readCentralDirectory(fs.readFileSync(file), file).map((entry) => entry.name);
}

/** The content of one stored or deflated entry. */
export function readZipEntry(file: string, name: string): Buffer {
  const data = fs.readFileSync(file);
  const entry = readCentralDirectory(data, file).find((candidate) => candidate.name === name);
  if (!entry) throw new Error(`${file} has no entry ${name}`);
  const header = entry.localHeaderOffset;
  const start = header + 30 + data.readUInt16LE(header + 26) + data.readUInt16LE(header + 28);
  const raw = data.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return Buffer.from(raw);
  if (entry.method === 8) return zlib.inflateRawSync(raw);
  throw new Error(`${name} uses zip method ${entry.method}, which this reader does not handle`);
}
