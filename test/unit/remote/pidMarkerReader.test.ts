import * as assert from 'node:assert/strict';
import { PidMarkerReader } from '../../../src/remote/pidMarkerReader';
import { PID_MARKER } from '../../../src/remote/remoteCommand';

function read(chunks: string[]): { pid: number | undefined; out: string } {
  let out = '';
  const reader = new PidMarkerReader((chunk) => (out += chunk.toString('latin1')));
  for (const chunk of chunks) reader.push(Buffer.from(chunk, 'latin1'));
  reader.end();
  return { pid: reader.pid, out };
}

describe('PidMarkerReader', () => {
  it('takes the marker line off and passes the rest on', () => {
    assert.deepEqual(read([`${PID_MARKER}4242\nerr 1\n`, 'err 2\n']), { pid: 4242, out: 'err 1\nerr 2\n' });
  });

  it('waits for a marker split across chunks', () => {
    assert.deepEqual(read([PID_MARKER.slice(0, 4), `${PID_MARKER.slice(4)}77`, '\nrest']), { pid: 77, out: 'rest' });
  });

  it('passes stderr through unchanged when there is no marker', () => {
    assert.deepEqual(read(['sudo: a password is required\n']), {
      pid: undefined,
      out: 'sudo: a password is required\n',
    });
    assert.deepEqual(read(['no newline at all']), { pid: undefined, out: 'no newline at all' });
  });
});
