import * as assert from 'node:assert/strict';
import { redactSecrets } from '../../../../src/domain/logging/redact';

describe('redactSecrets', () => {
  it('masks values of secret-looking keys', () => {
    assert.equal(redactSecrets('login password=hunter2 ok'), 'login password=*** ok');
    assert.equal(redactSecrets('{"passphrase": "open sesame"}'), '{"passphrase": "***"}');
    assert.equal(redactSecrets('DB_TOKEN: abc123'), 'DB_TOKEN: ***');
  });

  it('masks Proxmox API tokens, URL credentials and private keys', () => {
    assert.equal(
      redactSecrets('Authorization: PVEAPIToken=root@pam!ops=4f7c9e1a-1111-2222-3333-444455556666'),
      'Authorization: PVEAPIToken=root@pam!ops=***',
    );
    assert.equal(redactSecrets('nfs://admin:s3cret@truenas/bu'), 'nfs://admin:***@truenas/bu');
    const pem = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----';
    assert.equal(redactSecrets(`key: ${pem}`), 'key: -----PRIVATE KEY ***-----');
  });

  it('masks secrets the session knows wherever they appear', () => {
    assert.equal(redactSecrets('sshpass -p Tr0ub4dor ssh root@pve2', ['Tr0ub4dor']), 'sshpass -p *** ssh root@pve2');
  });

  it('leaves ordinary text alone', () => {
    const line = 'vzdump 1031 --storage truenas-bu --mode stop --compress zstd';
    assert.equal(redactSecrets(line, ['ab']), line);
  });
});
