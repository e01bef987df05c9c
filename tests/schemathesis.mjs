// Property-based run of schemathesis (PyPI, pinned in scripts/setup.sh) against a running server:
// generated requests for every operation of our OpenAPI document, as a signed-in user with a
// token, checking that no response is a 5xx and every response matches the document.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './support/server.mjs';
import { Client, uniqueEmail } from './support/client.mjs';

export async function runSchemathesis(base) {
  const c = new Client(base);
  await c.register(`Schemathesis ${uniqueEmail()}`, uniqueEmail('schemathesis'));
  const api = await c.tokenClient('schemathesis');
  // Some accounts and a group, so that operations on ids meet real data too.
  for (const uri of ['otpauth://totp/st:one?secret=A4GRFHVVRBGY7UIW', 'otpauth://hotp/st:two?secret=A4GRFHVVRBGY7UIW']) {
    await api.post('/api/v1/twofaccounts', { uri });
  }
  await api.post('/api/v1/groups', { name: 'schemathesis' });
  const args = [
    'run', `${base}/api/v1/openapi.json`,
    '-H', `Authorization: Bearer ${api.token}`,
    '--checks', 'not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance',
    '--phases', 'examples,coverage,fuzzing',
    '--max-examples', '15', '--workers', '2', '--warnings', 'off',
    '--seed', '20261128',
  ];
  // Not spawnSync: the browser lane of tests/run.mjs is piped into this process meanwhile.
  const once = () => new Promise((resolve) => {
    const child = spawn(join(ROOT, '.venv', 'bin', 'st'), args, {
      stdio: ['inherit', 'pipe', 'pipe'], env: { ...process.env, SCHEMATHESIS_TELEMETRY: 'false' },
    });
    let text = '';
    for (const [from, to] of [[child.stdout, process.stdout], [child.stderr, process.stderr]]) {
      from.on('data', (d) => { text += d; to.write(d); });
    }
    child.on('error', () => resolve({ status: 1, text }));
    child.on('close', (status) => resolve({ status: status ?? 1, text }));
  });
  const first = await once();
  // wrangler dev (not our worker) sometimes restarts its workerd mid-run and answers 503 "Your
  // worker restarted mid-request" for a non-GET request. Same seed once more: a real failure of
  // ours comes back; the restart does not.
  if (first.status !== 0 && first.text.includes('Your worker restarted mid-request')) {
    console.log('\n[tests] schemathesis met wrangler dev restarting its worker (503): the same run once more');
    return (await once()).status;
  }
  return first.status;
}
