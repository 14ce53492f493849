import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

// Rules of the code base that no linter states: each is a count over the source tree.

const root = path.resolve(__dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(ts|css)$/.test(file))
    .map((file) => path.join(dir, file));
}

const shipped = [...sourceFiles('src'), ...sourceFiles('webview-ui')];
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

describe('source conventions', () => {
  it('keeps every line of src/ and webview-ui/ within 160 characters', () => {
    const long = shipped.flatMap((file) =>
      read(file)
        .split('\n')
        .flatMap((line, i) => (line.length > 160 ? [`${file}:${i + 1} (${line.length})`] : [])),
    );
    assert.deepEqual(long, []);
  });

  it('reads /etc/pve/storage.cfg in one place, the host model', () => {
    const readers = shipped.filter((file) => read(file).includes("'/etc/pve/storage.cfg'"));
    assert.deepEqual(readers, [path.join('src', 'pve', 'hostModel.ts')]);
  });

  it('acquires the VS Code API of a webview in one file', () => {
    const callers = sourceFiles('webview-ui').filter((file) => read(file).includes('acquireVsCodeApi'));
    assert.deepEqual(callers, [path.join('webview-ui', 'shared', 'bootstrap.ts')]);
  });

  it('writes the error-to-message expression once, in src/shared', () => {
    const copies = shipped.filter((file) => /instanceof Error \? \w+\.message : String\(/.test(read(file)));
    assert.deepEqual(copies, [path.join('src', 'shared', 'errorMessage.ts')]);
  });
});
