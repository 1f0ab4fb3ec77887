// Benchmarks that measure the UI start the same `serve` the end-to-end tests start, and call its HTTP API.
import { pageCredentials } from '../test/e2e/fixtures';

export { startServe, type Served } from '../test/e2e/fixtures';

export async function api<T>(url: string, name: string, input: unknown, token?: string | null): Promise<T> {
  const res = await fetch(`${url}api/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await pageCredentials(url)), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as { ok: boolean; value: T; error?: unknown };
  if (!body.ok) throw new Error(`bench call ${name} failed: ${JSON.stringify(body.error)}`);
  return body.value;
}
