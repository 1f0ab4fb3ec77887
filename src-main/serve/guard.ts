// Browser mode's front door: only this machine's own page may talk to the API. A web page the user happens to visit
// (cross-site request forgery) or a DNS-rebinding page (a foreign name resolving to 127.0.0.1) must get nothing.
// Three checks, each enough against one of them: the Host is our own; a browser-sent Origin / Sec-Fetch-Site is our
// own; every API call carries this process's token both in a custom header (or the event stream's query) and in a
// SameSite=Strict cookie that only our own page received.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { CSRF_HEADER, CSRF_META, CSRF_QUERY } from '../../src-shared/api/csrf';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost'];

export interface ServeGuard {
  readonly token: string;
  /** Every request: Host, Origin and Sec-Fetch-Site; API requests also need the token. */
  middleware: MiddlewareHandler;
  /** The app shell with the token in a meta tag, and the cookie that pairs with it. */
  page(c: Context, html: string): Response;
}

function localPort(c: Context): number | null {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return incoming?.socket.localPort ?? null;
}

function ownHosts(port: number | null): Set<string> {
  return new Set(LOOPBACK_NAMES.map((name) => (port === null ? name : `${name}:${port}`)));
}

/** Cookies do not separate ports: two `serve` processes on one machine must not overwrite each other's cookie. */
function cookieName(port: number | null): string {
  return `tomoni_csrf_${port ?? 0}`;
}

function sameToken(a: string | undefined | null, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function refuse(c: Context, why: string): Response {
  c.header('cache-control', 'no-store');
  return c.json({ ok: false, error: { code: 'forbidden', messageKey: 'errors.forbidden', params: { reason: why } } }, 403);
}

export function createServeGuard(token: string = randomBytes(32).toString('base64url')): ServeGuard {
  const middleware: MiddlewareHandler = async (c, next) => {
    const port = localPort(c);
    const hosts = ownHosts(port);
    const host = c.req.header('host')?.toLowerCase();
    if (!host || !hosts.has(host)) return refuse(c, 'host');
    const origin = c.req.header('origin');
    if (origin !== undefined && !(origin.startsWith('http://') && hosts.has(origin.slice('http://'.length).toLowerCase()))) {
      return refuse(c, 'origin');
    }
    if (c.req.path.startsWith('/api/')) {
      // Sent by every current browser, also on GET and EventSource where Origin may be missing. The page itself may
      // still be opened from a link elsewhere: it holds nothing a foreign page could read.
      const site = c.req.header('sec-fetch-site');
      if (site !== undefined && site !== 'same-origin' && site !== 'none') return refuse(c, 'site');
      const sent = c.req.header(CSRF_HEADER) ?? (c.req.method === 'GET' ? c.req.query(CSRF_QUERY) : undefined);
      if (!sameToken(sent, token) || !sameToken(getCookie(c, cookieName(port)), token)) return refuse(c, 'token');
    }
    await next();
    // Nobody may frame the app to trick a click (the meta CSP cannot say frame-ancestors).
    c.header('x-frame-options', 'DENY');
    c.header('content-security-policy', "frame-ancestors 'none'");
    c.header('x-content-type-options', 'nosniff');
  };

  return {
    token,
    middleware,
    page(c, html) {
      setCookie(c, cookieName(localPort(c)), token, { path: '/', httpOnly: true, sameSite: 'Strict' });
      c.header('cache-control', 'no-store');
      const meta = `<meta name="${CSRF_META}" content="${token}" />`;
      return c.html(html.replace('</head>', `    ${meta}\n  </head>`));
    },
  };
}
