// Attack suite, browser mode (issue 10, reproduction 6): a real `serve` process attacked over real HTTP the way a
// web page the user visits (cross-site forgery) or a DNS-rebinding page would. Node's http client lets us send the
// Host, Origin and Sec-Fetch-Site headers a browser would send for those pages.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type Served } from '../../e2e/fixtures';
import { tempDir } from '../../helpers/app';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(served: Served, options: { method?: string; path: string; headers?: Record<string, string>; body?: unknown; readMs?: number }): Promise<Reply> {
  const url = new URL(served.url);
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: Number(url.port),
        method: options.method ?? 'POST',
        path: options.path,
        headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...options.headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        const done = () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text });
        res.on('end', done);
        // The event stream never ends: read what arrives in a moment, then hang up.
        if (options.readMs) {
          setTimeout(() => {
            req.destroy();
            done();
          }, options.readMs);
        }
      },
    );
    req.on('error', (err) => (options.readMs ? undefined : reject(err)));
    if (body) req.write(body);
    req.end();
  });
}

const hostOf = (s: Served) => new URL(s.url).host;

/** What a foreign page's fetch() would send: its own Origin, cross-site, no token, no SameSite=Strict cookie. */
function crossSite(s: Served): Record<string, string> {
  return { host: hostOf(s), origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' };
}

/** A DNS-rebinding page: same-origin to itself, but its name is not ours. */
function rebinding(s: Served): Record<string, string> {
  const port = new URL(s.url).port;
  return { host: `evil.example:${port}`, origin: `http://evil.example:${port}`, 'sec-fetch-site': 'same-origin' };
}

function own(s: Served): Record<string, string> {
  return { host: hostOf(s), origin: s.url.replace(/\/$/, ''), 'sec-fetch-site': 'same-origin', ...s.headers };
}

async function callAs(s: Served, headers: Record<string, string>, name: string, input: unknown): Promise<Reply> {
  return request(s, { path: `/api/${name}`, headers, body: input });
}

describe('browser mode refuses foreign pages', () => {
  let served: Served;
  let staticDir: string;

  beforeAll(async () => {
    staticDir = tempDir();
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body></body></html>');
    served = await startServe({ demo: true, staticDir });
  }, 150_000);

  afterAll(async () => {
    await served?.stop();
  });

  it('a cross-site page cannot lock the director out or lock workers’ PINs', async () => {
    for (let i = 0; i < 7; i++) {
      const login = await callAs(served, crossSite(served), 'auth.login', { loginId: 'director', password: 'wrong-password' });
      expect(login.status).toBe(403);
      const pin = await callAs(served, crossSite(served), 'auth.workerLogin', { code: 'W0001', pin: '0000' });
      expect(pin.status).toBe(403);
      // A plain HTML form post: no custom header possible, Origin of the foreign page.
      const form = await request(served, {
        path: '/api/auth.login',
        headers: { host: hostOf(served), origin: 'http://evil.example', 'content-type': 'text/plain' },
        body: { loginId: 'director', password: 'x' },
      });
      expect(form.status).toBe(403);
    }
    // Nothing was counted: the real people still sign in.
    const director = await callAs(served, own(served), 'auth.login', { loginId: 'director', password: 'tomoni-demo' });
    expect(JSON.parse(director.body)).toMatchObject({ ok: true });
    const worker = await callAs(served, own(served), 'auth.workerLogin', { code: 'W0001', pin: '1234' });
    expect(JSON.parse(worker.body)).toMatchObject({ ok: true });
  });

  it('a request with no Origin at all still needs the page’s token and cookie', async () => {
    const bare = { host: hostOf(served) };
    expect((await callAs(served, bare, 'app.status', {})).status).toBe(403);
    expect((await callAs(served, { ...bare, 'x-tomoni-csrf': served.headers['x-tomoni-csrf']! }, 'app.status', {})).status).toBe(403);
    expect((await callAs(served, { ...bare, cookie: served.headers.cookie! }, 'app.status', {})).status).toBe(403);
    expect((await callAs(served, { ...bare, cookie: served.headers.cookie!, 'x-tomoni-csrf': 'guessed' }, 'app.status', {})).status).toBe(403);
    const ok = await callAs(served, { ...bare, ...served.headers }, 'app.status', {});
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ ok: true });
  });

  it('a rebinding page can neither read the worker registry nor clock a worker in', async () => {
    // Even holding our token and cookie (it cannot: the page itself is refused to it), its Host gives it away.
    const page = await request(served, { method: 'GET', path: '/', headers: { host: rebinding(served).host } });
    expect(page.status).toBe(403);
    expect(page.body).not.toContain('tomoni-csrf');
    const withStolen = { ...rebinding(served), ...served.headers };
    for (const [name, input] of [
      ['kiosk.workers', {}],
      ['people.listWorkers', {}],
      ['kiosk.identify', { code: 'W0001' }],
      ['kiosk.verifyPin', { workerId: '00000000-0000-7000-8000-000000000000', pin: '1234' }],
    ] as const) {
      const reply = await callAs(served, withStolen, name, input);
      expect(reply.status, name).toBe(403);
      expect(reply.body, name).not.toContain('W0001');
    }
    const health = await request(served, { method: 'GET', path: '/healthz', headers: { host: 'evil.example' } });
    expect(health.status).toBe(403);
  });

  it('refuses a foreign Origin or a cross-site fetch even with the token', async () => {
    const origin = await callAs(served, { ...own(served), origin: 'http://evil.example' }, 'app.status', {});
    expect(origin.status).toBe(403);
    const nullOrigin = await callAs(served, { ...own(served), origin: 'null' }, 'app.status', {});
    expect(nullOrigin.status).toBe(403);
    const site = await callAs(served, { ...own(served), 'sec-fetch-site': 'same-site' }, 'app.status', {});
    expect(site.status).toBe(403);
    const otherPort = await callAs(served, { ...own(served), origin: 'http://127.0.0.1:1' }, 'app.status', {});
    expect(otherPort.status).toBe(403);
    const localhost = await callAs(served, { ...own(served), host: `localhost:${new URL(served.url).port}`, origin: `http://localhost:${new URL(served.url).port}` }, 'app.status', {});
    expect(localhost.status).toBe(200);
  });

  it('protects the event stream too', async () => {
    const token = served.headers['x-tomoni-csrf']!;
    const stream = (headers: Record<string, string>, query = `?csrf=${encodeURIComponent(token)}`) =>
      request(served, { method: 'GET', path: `/api/events${query}`, headers, readMs: 400 });
    expect((await stream({ host: hostOf(served) }, '')).status).toBe(403);
    expect((await stream({ host: hostOf(served), cookie: served.headers.cookie! }, '')).status).toBe(403);
    expect((await stream({ host: hostOf(served) })).status).toBe(403);
    expect((await stream({ ...rebinding(served), cookie: served.headers.cookie! })).status).toBe(403);
    expect((await stream({ ...crossSite(served), cookie: served.headers.cookie! })).status).toBe(403);
    const mine = await stream({ host: hostOf(served), 'sec-fetch-site': 'same-origin', cookie: served.headers.cookie! });
    expect(mine.status).toBe(200);
    expect(mine.headers['content-type']).toContain('text/event-stream');
    expect(mine.body).toContain('event: ready');
  });

  it('hands the token only to its own page, in a SameSite=Strict HttpOnly cookie, and forbids framing', async () => {
    const page = await request(served, { method: 'GET', path: '/', headers: { host: hostOf(served) } });
    expect(page.status).toBe(200);
    expect(page.body).toContain(`content="${served.headers['x-tomoni-csrf']}"`);
    const cookie = String(page.headers['set-cookie']);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['cache-control']).toBe('no-store');
  });
});
