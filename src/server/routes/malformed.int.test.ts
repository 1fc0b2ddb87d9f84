import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorld, type World } from '../test/builders';
import { backends } from '../test/test-db';

/** Bodies a careless or hostile client might send, with their content types. */
const MALFORMED: { name: string; payload: string; type: string }[] = [
  { name: 'truncated JSON', payload: '{"email": "a@b.c", ', type: 'application/json' },
  { name: 'empty JSON body', payload: '', type: 'application/json' },
  { name: 'JSON null', payload: 'null', type: 'application/json' },
  { name: 'JSON array', payload: '[1,2,3]', type: 'application/json' },
  { name: 'JSON string', payload: '"hello"', type: 'application/json' },
  { name: 'wrong types', payload: JSON.stringify({ email: 5, password: [], leaseToken: {}, document: 'x', data: 7, name: null, kind: 'video', submissionId: 3 }), type: 'application/json' },
  { name: 'deep nesting', payload: '{"document":'.repeat(200) + '1' + '}'.repeat(200), type: 'application/json' },
  { name: 'prototype pollution', payload: '{"__proto__": {"admin": true}, "constructor": {"prototype": {"x": 1}}}', type: 'application/json' },
  { name: 'document with bad geometry', payload: JSON.stringify({ leaseToken: 't', submissionId: '00000000-0000-4000-8000-000000000000', document: { objects: [{ id: 'a', classId: 'car', geometry: { kind: 'box', x: 'NaN', y: 0, w: -1, h: 1e400 } }] } }), type: 'application/json' },
  { name: 'plain text', payload: 'email=a', type: 'text/plain' },
  { name: 'form encoded', payload: 'email=a&password=b', type: 'application/x-www-form-urlencoded' },
];

const BAD_IDS = ['not-a-uuid', "1' OR '1'='1", '00000000-0000-0000-0000-000000000000'];

describe.each(backends)('malformed requests on %s', (backend) => {
  let w: World;
  beforeAll(async () => {
    w = await makeWorld(backend, { tasks: 1 });
  });
  afterAll(() => w.dispose());

  it('never answer 500, and always answer a JSON error', async () => {
    const routes = w.app.routeList.filter((r) => r.url.startsWith('/api/') || r.url.startsWith('/v1/'));
    expect(routes.length).toBeGreaterThanOrEqual(25);
    const failures: string[] = [];
    const key = (await w.app.inject({ method: 'POST', url: '/api/api-keys', headers: { cookie: await w.cookie('owner') }, payload: { name: 'k', defaultProjectId: w.projectId } })).json().key.key;
    const identities = [
      { who: null, headers: {} },
      { who: 'owner', headers: { cookie: await w.cookie('owner') } },
      { who: 'labeler', headers: { cookie: await w.cookie('labeler') } },
      { who: 'api key', headers: { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` } },
    ];
    for (const { who, headers } of identities) {
      const mine = (url: string) => (who === 'api key' ? url.startsWith('/v1/') : who !== null && url.startsWith('/api/'));
      // Signing out would end the session the rest of the barrage needs; the auth tests cover it.
      for (const route of routes.filter((r) => !(who && r.url === '/api/auth/logout'))) {
        for (const id of [...BAD_IDS, w.projectId]) {
          const url = route.url.replace(/:\w+/g, id);
          const bodies = route.method === 'GET' ? [{ name: 'no body', payload: '', type: '' }] : MALFORMED;
          for (const b of bodies) {
            const res = await w.app.inject({
              method: route.method as 'GET',
              url: route.method === 'GET' ? `${url}?limit=abc&offset=-1` : url,
              payload: b.payload || undefined,
              headers: { ...headers, ...(b.type ? { 'content-type': b.type } : {}) },
            });
            const label = `${who ?? 'anon'} ${route.method} ${url} ${b.name} -> ${res.statusCode}`;
            if (res.statusCode >= 500) failures.push(label);
            else if (mine(url) && res.statusCode === 401) failures.push(`${label} (credentials lost)`);
            else if (res.statusCode >= 400 && typeof res.json().error !== 'string') failures.push(`${label} (no error message)`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers malformed JSON with 400 naming the body', async () => {
    const res = await w.app.inject({ method: 'POST', url: '/api/auth/login', payload: '{"email":', headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatch(/JSON/);
    expect(res.json().fields.body).toBeTruthy();
  });

  it('answers an unknown API route with 404 JSON', async () => {
    const res = await w.app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: 'No route GET /api/nothing-here' });
  });

  it('names a malformed id parameter', async () => {
    const res = await w.app.inject({ method: 'GET', url: '/api/projects/abc', headers: { cookie: await w.cookie('owner') } });
    expect(res.statusCode).toBe(400);
    expect(res.json().fields).toEqual({ projectId: 'must be a UUID' });
  });

  it('still has all its data after the barrage', async () => {
    const tasks = await w.db.db.selectFrom('tasks').select('status').execute();
    expect(tasks).toHaveLength(1);
    expect(await w.db.db.selectFrom('annotations').selectAll().execute()).toHaveLength(0);
  });
});
