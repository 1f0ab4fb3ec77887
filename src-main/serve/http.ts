// `serve`: the same router over HTTP on 127.0.0.1, plus the built renderer — for development, end-to-end tests
// and machines without a display server.
import fs from 'node:fs';
import path from 'node:path';
import { Hono } from 'hono';
import { serve, type ServerType } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { streamSSE } from 'hono/streaming';
import type { App } from '../app/services';
import type { ErrorPayload } from '../../src-shared/core/errors';
import { createServeGuard, type ServeGuard } from './guard';
import { readLimitedText } from './limited-body';

/** Largest request body the API accepts; imports of big lists go through dedicated upload procedures. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

export function createHttpApp(app: App, staticDir: string | null, guard: ServeGuard = createServeGuard()): Hono {
  const http = new Hono();
  http.use('*', guard.middleware);

  http.post('/api/:name', async (c) => {
    const tooLarge = () => c.json({ ok: false, error: { code: 'too_large', messageKey: 'errors.tooLarge' } }, 413);
    if (Number(c.req.header('content-length') ?? '0') > MAX_BODY_BYTES) return tooLarge();
    const text = await readLimitedText(c.req.raw.body, MAX_BODY_BYTES);
    if (text === null) return tooLarge();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return c.json({ ok: false, error: { code: 'invalid_input', messageKey: 'errors.invalidInput' } }, 400);
    }
    const auth = c.req.header('authorization');
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : null;
    const result = await app.router.call(c.req.param('name'), body, token);
    // The envelope carries the error; HTTP status stays 200 so both transports look the same to the client.
    return c.json(result);
  });

  http.get('/api/events', (c) =>
    streamSSE(c, async (stream) => {
      const queue: string[] = [];
      let wake: (() => void) | null = null;
      const unsubscribe = app.subscribe((message) => {
        queue.push(JSON.stringify(message));
        wake?.();
      });
      stream.onAbort(() => {
        unsubscribe();
        wake?.();
      });
      await stream.writeSSE({ event: 'ready', data: '{}' });
      while (!stream.aborted) {
        if (queue.length === 0) {
          await new Promise<void>((resolve) => {
            wake = resolve;
            setTimeout(resolve, 15000);
          });
          wake = null;
          if (queue.length === 0 && !stream.aborted) await stream.writeSSE({ event: 'ping', data: '{}' });
        }
        while (queue.length > 0) await stream.writeSSE({ event: 'message', data: queue.shift()! });
      }
      unsubscribe();
    }),
  );

  http.get('/healthz', (c) => c.json({ ok: true }));

  serveRenderer(http, staticDir, guard);
  return http;
}

/** The built renderer; the app shell always goes through the guard, which hands it this process's token. */
function serveRenderer(http: Hono, staticDir: string | null, guard: ServeGuard): void {
  if (!staticDir || !fs.existsSync(staticDir)) return;
  const indexHtml = fs.readFileSync(path.join(staticDir, 'index.html'), 'utf8');
  http.get('/', (c) => guard.page(c, indexHtml));
  http.get('/index.html', (c) => guard.page(c, indexHtml));
  http.use('/*', serveStatic({ root: path.relative(process.cwd(), staticDir) }));
  // Client-side routes fall back to the app shell.
  http.get('*', (c) => guard.page(c, indexHtml));
}

/**
 * When the store cannot open (newer database, wrong key, full disk), `serve` still starts and every call answers
 * with the reason, so the browser shows a translated full-screen message instead of a blank page.
 */
export function createFatalHttpApp(reason: ErrorPayload, staticDir: string | null, guard: ServeGuard = createServeGuard()): Hono {
  const http = new Hono();
  http.use('*', guard.middleware);
  http.post('/api/:name', (c) => c.json({ ok: false, error: reason }));
  http.get('/healthz', (c) => c.json({ ok: false, error: reason }, 503));
  serveRenderer(http, staticDir, guard);
  return http;
}

export function listen(http: Hono, port: number): Promise<{ server: ServerType; port: number }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: http.fetch, port, hostname: '127.0.0.1' }, (info) => resolve({ server, port: info.port }));
    server.once('error', reject);
  });
}
