// Error messages in the caller's language, chosen as 2FAuth chooses its locale: the signed-in
// user's `lang` preference unless it is `browser`, else `Accept-Language`, else English; on the API
// and on the web session routes. Field names stay as sent, the body keeps its shape (every answer
// is checked against our OpenAPI document), and what 2FAuth writes in English stays English.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, useServer } from '../support/server.mjs';
import { Client, uniqueEmail } from '../support/client.mjs';

let server;
before(async () => { server = await useServer(); });
after(() => server.stop());

async function user(name) {
  const c = new Client(server.base);
  await c.register(`${name} ${uniqueEmail()}`, uniqueEmail(name));
  const api = await c.tokenClient();
  api.session = c;
  return api;
}

const saying = (language) => ({ headers: { 'Accept-Language': language } });

async function setLang(api, value) {
  const res = await api.request('PUT', '/api/v1/user/preferences/lang', { json: { value } });
  assert.ok(res.status === 200 || res.status === 201, res.text);
}

test('Accept-Language: fr-FR gets a 422 in French, field names and shape unchanged', async () => {
  const me = await user('french');
  const res = await me.post('/api/v1/groups', {}, saying('fr-FR,fr;q=0.9,en;q=0.5'));
  assert.equal(res.status, 422);
  assert.deepEqual(res.body, {
    message: 'Le champ name est obligatoire.',
    errors: { name: ['Le champ name est obligatoire.'] },
  });
  const reserved = await me.post('/api/v1/groups', { name: 'All' }, saying('fr-FR'));
  assert.equal(reserved.body.message, 'Nom réservé, veuillez en choisir un autre');
  // Several errors: each translated, and the summary counts the others in French.
  const many = await me.post('/api/v1/twofaccounts', { otp_type: 'nope', digits: 'x', period: 0 }, saying('fr'));
  assert.equal(many.status, 422);
  assert.deepEqual(many.body, {
    message: 'Le champ account est obligatoire. (et 3 autres erreurs)',
    errors: {
      account: ['Le champ account est obligatoire.'],
      otp_type: ["Le champ otp type n'est pas pris en charge."],
      digits: ['Le champ digits doit être un entier.'],
      period: ['Le champ period doit valoir au moins 1.'],
    },
  });
  // Without the header, or with English first, the same request is answered in English.
  assert.equal((await me.post('/api/v1/groups', {})).body.message, 'The name field is required.');
  assert.equal((await me.post('/api/v1/groups', {}, saying('en-GB, fr;q=0.8'))).body.message, 'The name field is required.');
});

test('the lang preference wins over Accept-Language: German even when the browser asks for French', async () => {
  const me = await user('german');
  await setLang(me, 'de');
  const res = await me.post('/api/v1/groups', { name: 'All' }, saying('fr'));
  assert.equal(res.status, 422);
  assert.deepEqual(res.body, {
    message: 'Reservierter Name, bitte wählen Sie einen anderen',
    errors: { name: ['Reservierter Name, bitte wählen Sie einen anderen'] },
  });
  // The web session routes too (2FAuth's web group sets the locale as well): a profile change
  // with a wrong password (400), and an invalid one (422), through the session cookie.
  const session = me.session;
  const wrong = await session.request('PUT', '/user', { json: { name: 'German', email: uniqueEmail('german'), password: 'not mine' }, ...saying('fr') });
  assert.equal(wrong.status, 400);
  assert.deepEqual(wrong.body, { message: 'Aktuelles Passwort falsch' });
  const invalid = await session.request('PUT', '/user', { json: { name: 'German', email: 'not an e-mail', password: 'password123' }, ...saying('fr') });
  assert.equal(invalid.status, 422);
  assert.deepEqual(invalid.body.errors, { email: ['Das Feld email muss eine gültige E-Mail-Adresse sein.'] });
});

test('browser and a language Twofold does not have: English', async () => {
  const me = await user('klingon');
  await setLang(me, 'browser');
  const res = await me.post('/api/v1/groups', { name: 'All' }, saying('tlh, sw;q=0.9, *;q=0.1'));
  assert.equal(res.status, 422);
  assert.equal(res.body.message, 'Reserved name, please choose something else');
  // `browser` follows the header again.
  assert.equal((await me.post('/api/v1/groups', { name: 'All' }, saying('es-MX'))).body.message, 'Nombre reservado, elige otro');
});

test("the summary counts in Russian's three forms", async () => {
  const me = await user('russian');
  const counted = async (items) => {
    const res = await me.post('/api/v1/groups/reorder', { orderedIds: Array(items).fill('x') }, saying('ru-RU'));
    assert.equal(res.status, 422);
    assert.equal(Object.keys(res.body.errors).length, items);
    assert.deepEqual(res.body.errors['orderedIds.0'], ['Поле orderedIds.0 должно быть целым числом.']);
    return res.body.message.replace('Поле orderedIds.0 должно быть целым числом. ', '');
  };
  assert.equal(await counted(2), '(и ещё 1 ошибка)');
  assert.equal(await counted(3), '(и ещё 2 ошибки)');
  assert.equal(await counted(6), '(и ещё 5 ошибок)');
  assert.equal(await counted(12), '(и ещё 11 ошибок)');
  assert.equal(await counted(22), '(и ещё 21 ошибка)');
  // Sign-in, a web route before anyone is signed in: Accept-Language alone.
  const c = new Client(server.base);
  await c.csrf();
  const login = await c.post('/user/login', {}, saying('ru'));
  assert.equal(login.status, 422);
  assert.equal(login.body.message, 'Поле email обязательно для заполнения. (и ещё 1 ошибка)');
  const unknown = await c.post('/user/login', { email: uniqueEmail('nobody'), password: 'x' }, saying('fr'));
  assert.deepEqual(unknown.body.errors, { email: ["Aucun compte n'utilise cette adresse e-mail."] });
});

test('what 2FAuth writes in English stays English in every language', async () => {
  const me = await user('english');
  await setLang(me, 'ja');
  const missing = await me.get('/api/v1/twofaccounts/99999999', saying('ja'));
  assert.equal(missing.status, 404);
  assert.deepEqual(missing.body, { message: 'not found' });
  assert.deepEqual((await me.get('/api/v1/nothing-here', saying('ja'))).body, { message: 'unknowkn endpoint' });
  const anonymous = new Client(server.base);
  const unauthenticated = await anonymous.get('/api/v1/user', saying('ja'));
  assert.equal(unauthenticated.status, 401);
  assert.deepEqual(unauthenticated.body, { message: 'Unauthenticated.' });
  // `bad request` is 2FAuth's own word; the reason under it goes through its translator.
  const ids = Array.from({ length: 100 }, (_, i) => i + 1).join(',');
  const tooMany = await me.delete(`/api/v1/twofaccounts?ids=${ids}`, saying('en'));
  assert.equal(tooMany.status, 400);
  assert.deepEqual(tooMany.body, { message: 'bad request', reason: ['クエリパラメーターの ID が多すぎます。最大 100 個までです'] });
});

test("the API's rate limit says Too Many Attempts. in English (readable cross-origin); a sign-in lockout is translated", async () => {
  const throttled = await startServer({ vars: { THROTTLE_API: '3' } });
  try {
    const c = new Client(throttled.base);
    await c.register('Throttled', uniqueEmail('throttled'));
    const me = await c.tokenClient();
    const from = { headers: { 'CF-Connecting-IP': '198.51.100.9', 'Accept-Language': 'fr' } };
    await setLang(me, 'fr');
    let refused;
    for (let i = 0; i < 5 && refused?.status !== 429; i++) refused = await me.get('/api/v1/twofaccounts/count', from);
    assert.equal(refused.status, 429);
    assert.deepEqual(refused.body, { message: 'Too Many Attempts.' });
    assert.equal(refused.headers.get('access-control-allow-origin'), '*');
  } finally {
    await throttled.stop();
  }
  // LOGIN_THROTTLE (5 on the suites' server): the 6th wrong password of an address is refused in
  // French, with 2FAuth's own `{seconds}` left as it is.
  const owner = new Client(server.base);
  const email = uniqueEmail('locked');
  await owner.register('Locked', email);
  const c = new Client(server.base);
  await c.csrf();
  let lockout;
  for (let i = 0; i < 8 && lockout?.status !== 429; i++) {
    lockout = await c.post('/user/login', { email, password: 'wrong horse' }, saying('fr-CA'));
  }
  assert.equal(lockout.status, 429);
  assert.deepEqual(lockout.body, { message: 'Trop de tentatives de connexion. Veuillez réessayer dans {seconds} secondes.' });
});
