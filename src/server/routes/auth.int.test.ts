import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, makeWorld, type World } from '../test/builders';
import { backends } from '../test/test-db';

describe.each(backends)('auth API on %s', (backend) => {
  let w: World;
  beforeAll(async () => {
    w = await makeWorld(backend, { tasks: 0 });
  });
  afterAll(() => w.dispose());

  it('signs in with an httpOnly SameSite cookie and answers /me', async () => {
    const res = await w.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'Labeler@Test.example ', password: PASSWORD } });
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toEqual({ id: w.users.labeler.id, email: 'labeler@test.example', name: 'labeler' });
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/lb_session=/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const cookie = setCookie.split(';')[0]!;
    const me = await w.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(me.json().user.email).toBe('labeler@test.example');
    expect(JSON.stringify(me.json())).not.toMatch(/password|scrypt/);
  });

  it('answers 401 with a message for a wrong password or unknown email', async () => {
    for (const payload of [{ email: 'labeler@test.example', password: 'nope' }, { email: 'ghost@test.example', password: PASSWORD }]) {
      const res = await w.app.inject({ method: 'POST', url: '/api/auth/login', payload });
      expect(res.statusCode).toBe(401);
      expect(res.json().error).toBe('Wrong email or password');
    }
  });

  it('locks an account for a while after repeated failures, then lets it in again', async () => {
    for (let i = 0; i < 5; i++) {
      await w.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'reviewer@test.example', password: `guess-${i}` } });
    }
    const locked = await w.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'reviewer@test.example', password: PASSWORD } });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error).toMatch(/try again in 15 min/);
    w.clock.advance(16 * 60_000);
    const ok = await w.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'reviewer@test.example', password: PASSWORD } });
    expect(ok.statusCode).toBe(200);
  });

  it('refuses requests without a session, and ends a session on sign-out', async () => {
    expect((await w.app.inject({ method: 'GET', url: '/api/projects' })).statusCode).toBe(401);
    const cookie = await w.cookie('owner');
    expect((await w.app.inject({ method: 'GET', url: '/api/projects', headers: { cookie } })).statusCode).toBe(200);
    const out = await w.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(200);
    expect((await w.app.inject({ method: 'GET', url: '/api/projects', headers: { cookie } })).statusCode).toBe(401);
  });

  it('names the missing field on a bad sign-in body', async () => {
    const res = await w.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'not-an-email' } });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json().fields).sort()).toEqual(['email', 'password']);
  });
});

describe.each(backends)('accounts API on %s', (backend) => {
  let w: World;
  beforeAll(async () => {
    w = await makeWorld(backend, { tasks: 0 });
  });
  afterAll(() => w.dispose());

  it('lets an owner create an account that can then sign in and join a project', async () => {
    const cookie = await w.cookie('owner');
    const res = await w.app.inject({ method: 'POST', url: '/api/accounts', headers: { cookie }, payload: { email: 'New@Test.example', name: 'New', password: 'long-enough' } });
    expect(res.statusCode).toBe(201);
    expect(res.json().user.email).toBe('new@test.example');
    const member = await w.app.inject({ method: 'POST', url: `/api/projects/${w.projectId}/members`, headers: { cookie }, payload: { email: 'new@test.example', role: 'labeler' } });
    expect(member.statusCode).toBe(200);
    const login = await w.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'new@test.example', password: 'long-enough' } });
    expect(login.statusCode).toBe(200);
    const again = await w.app.inject({ method: 'POST', url: '/api/accounts', headers: { cookie }, payload: { email: 'new@test.example', name: 'Dup', password: 'long-enough' } });
    expect(again.statusCode).toBe(409);
  });

  it('refuses labelers and short passwords', async () => {
    const asLabeler = await w.app.inject({ method: 'POST', url: '/api/accounts', headers: { cookie: await w.cookie('labeler') }, payload: { email: 'x@test.example', name: 'X', password: 'long-enough' } });
    expect(asLabeler.statusCode).toBe(403);
    const short = await w.app.inject({ method: 'POST', url: '/api/accounts', headers: { cookie: await w.cookie('owner') }, payload: { email: 'y@test.example', name: 'Y', password: 'short' } });
    expect(short.statusCode).toBe(400);
    expect(short.json().fields).toEqual({ password: 'at least 8 characters' });
  });
});
