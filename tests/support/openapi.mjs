// Checks every response a test receives against Twofold's own OpenAPI document
// (worker/openapi.json): the route, the method and the status must be documented, and a JSON body
// must match its schema. This keeps the document true.
import Ajv2020 from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './server.mjs';

const doc = JSON.parse(readFileSync(join(ROOT, 'worker', 'openapi.json'), 'utf8'));
const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addSchema({ ...doc, $id: 'twofold' });
const compiled = new Map();

// Literal paths win over templated ones (`/twofaccounts/count` is not `/twofaccounts/{id}`).
const templates = Object.keys(doc.paths)
  .map((template) => ({
    template,
    params: (template.match(/\{/g) ?? []).length,
    re: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
  }))
  .sort((a, b) => a.params - b.params);

const pointer = (...parts) => parts.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

export function checkResponse(method, url, status, contentType, body) {
  const path = new URL(url).pathname;
  const match = templates.find((t) => t.re.test(path));
  if (!match) {
    if (status === 404 && body?.message === 'unknowkn endpoint') return;
    throw new Error(`undocumented route: ${method} ${path} answered ${status}`);
  }
  const operation = doc.paths[match.template][method.toLowerCase()];
  if (!operation) {
    if (status === 405) return;
    throw new Error(`undocumented method: ${method} ${match.template} answered ${status}`);
  }
  let response = operation.responses[String(status)];
  if (!response) throw new Error(`undocumented status ${status} for ${method} ${match.template}: ${JSON.stringify(body)}`);
  let schemaAt = pointer('paths', match.template, method.toLowerCase(), 'responses', status);
  if (response.$ref) {
    // A shared response of components/responses.
    schemaAt = response.$ref.slice(2);
    response = schemaAt.split('/').reduce((node, key) => node[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
  }
  if (!contentType?.includes('application/json')) return;
  if (!response.content?.['application/json']) {
    throw new Error(`${method} ${match.template} ${status} answered JSON but documents none`);
  }
  const ref = `twofold#/${schemaAt}/${pointer('content', 'application/json', 'schema')}`;
  if (!compiled.has(ref)) compiled.set(ref, ajv.compile({ $ref: ref }));
  const validate = compiled.get(ref);
  if (!validate(body)) {
    throw new Error(`${method} ${path} ${status} violates the OpenAPI document: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body)}`);
  }
}

export const document = doc;
