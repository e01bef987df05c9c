// Backups to an S3-compatible bucket (npm s3rver on loopback, behind a proxy of the test that
// checks each request's SigV4 signature with its own implementation): the object PUT there opens
// with the password; retention lists the bucket (ListObjectsV2) and deletes the oldest; a wrong
// secret key is refused by the signature check and recorded as the run's outcome.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer } from '../support/server.mjs';
import { PASSWORD, person, withAccounts, setUp, runNow, backUpTimes, assertOpens, startS3 } from '../support/backups.mjs';

let server; let s3;
before(async () => {
  server = await useServer();
  s3 = await startS3();
});
after(async () => {
  await s3?.stop();
  await server.stop();
});

const bucket = (extra = {}) => ({ schedule: 'weekly', retention: 2, destination: 's3', s3_endpoint: s3.endpoint,
  s3_region: 'us-east-1', s3_bucket: s3.bucket, s3_access_key_id: s3.accessKeyId,
  s3_secret_access_key: s3.secretAccessKey, password: PASSWORD, enabled: false, ...extra });

test('a signed PUT puts the backup in the bucket; it opens with the password; N + 2 runs leave N', async () => {
  const p = await person(server.base, 'backup-s3', server.state);
  await withAccounts(p);
  const set = await setUp(p, bucket());
  assert.equal(set.secret_set, true);
  assert.deepEqual([set.s3_endpoint, set.s3_region, set.s3_bucket, set.s3_access_key_id],
    [s3.endpoint, 'us-east-1', 'vault', 'S3RVER']);
  const files = await backUpTimes(p, 4);
  assert.deepEqual(await s3.keys(), files.slice(2));
  // Each run: PUT, list, and from the third on one DELETE — every one signed and checked.
  assert.equal(s3.counts.signed, 4 * 2 + 2);
  await assertOpens(p, (await s3.get(files[3])).toString('utf8'));
});

test('a wrong secret key fails the signature check: recorded, never answered', async () => {
  const p = await person(server.base, 'backup-s3-wrong', server.state);
  await withAccounts(p);
  await setUp(p, bucket({ s3_secret_access_key: 'not the secret key' }));
  const refused = await runNow(p);
  assert.equal(refused.last_outcome, 'failure');
  assert.match(refused.last_error, /^PUT on 127\.0\.0\.1 answered 403 \(check the credentials\)$/);
  assert.ok(!JSON.stringify(refused).includes('not the secret key'));
});

test('retention compares whole keys: a key under another prefix, named like ours, stays; so does a look-alike', async () => {
  const p = await person(server.base, 'backup-s3-foreign', server.state);
  await withAccounts(p);
  // Sorting after any real backup, either would make retention 1 delete the file just written.
  const foreign = ['old/twofold-backup-20991231T000000Z.json', 'twofold-backup-ZZZZZZZZZZZZZZZZ.json'];
  for (const key of foreign) await s3.put(key, 'not ours');
  await setUp(p, bucket({ retention: 1 }));
  const [file] = await backUpTimes(p, 1);
  const keys = await s3.keys();
  for (const key of [file, ...foreign]) assert.ok(keys.includes(key), `${key} stays: ${keys}`);
});
