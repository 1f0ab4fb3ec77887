// HQ's side of proven actors (docs/decisions/0072): which public key speaks for a staff member, and checks of the
// signatures a device sends with a staff command or an admin call. A device credential alone never names a person.
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { adminProofText, canonicalJson, commandProofText, type AdminProofFields, type CommandProofFields } from '../../src-shared/sync/proof';
import { loadEntity } from '../store/entities';
import type { Queryable } from '../store/sql';

const firstKeysSetting = (operatorId: string) => `first_keys:${operatorId}`;
const retiredKeysSetting = (operatorId: string, staffId: string) => `retired_keys:${operatorId}:${staffId}`;
/** Retired keys kept per person: a few password changes' worth of commands still in some device's queue. */
const RETIRED_KEPT = 8;

/** A key its owner replaced with a new password: it still speaks for them, but only for commands made before. */
export interface RetiredKey {
  publicKey: string;
  /** HLC of the password change: commands with an earlier HLC may carry this key's signature. */
  beforeHlc: string;
}

/** Public keys are public: parsed ones are kept (bounded) so a busy push does not parse the same key per command. */
const parsed = new Map<string, KeyObject | null>();

function keyObject(text: string): KeyObject | null {
  let key = parsed.get(text);
  if (key === undefined) {
    try {
      key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: text }, format: 'jwk' });
    } catch {
      key = null;
    }
    if (parsed.size > 10_000) parsed.clear();
    parsed.set(text, key);
  }
  return key;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function verifies(publicKey: string, text: string, signature: string): boolean {
  const key = keyObject(publicKey);
  if (!key || !/^[A-Za-z0-9_-]{20,200}$/.test(signature)) return false;
  try {
    return verify(null, Buffer.from(text), key, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}

/** The keys an operator's first device declared at attach (trust on first attach), recorded with the attach. */
export async function firstKeys(q: Queryable, operatorId: string): Promise<Record<string, string>> {
  const rows = await q.all<{ value: string }>('SELECT value FROM hq_settings WHERE key = ?', [firstKeysSetting(operatorId)]);
  return rows[0] ? (JSON.parse(rows[0].value) as Record<string, string>) : {};
}

export async function saveFirstKeys(q: Queryable, operatorId: string, keys: Record<string, string>): Promise<void> {
  await q.run('INSERT INTO hq_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [firstKeysSetting(operatorId), JSON.stringify(keys)]);
}

/**
 * The key that speaks for a staff member: the one in HQ's own credential row; before that row exists, the key the
 * operator's first device declared at attach. A credential without a key (set by an old client) speaks for nobody.
 */
export async function staffPublicKey(q: Queryable, operatorId: string, staffId: string): Promise<string | null> {
  const cred = await loadEntity(q, operatorId, 'credentials', staffId);
  if (cred) return cred.data.subjectType === 'staff' && typeof cred.data.publicKey === 'string' ? cred.data.publicKey : null;
  return (await firstKeys(q, operatorId))[staffId] ?? null;
}

export async function retiredKeys(q: Queryable, operatorId: string, staffId: string): Promise<RetiredKey[]> {
  const rows = await q.all<{ value: string }>('SELECT value FROM hq_settings WHERE key = ?', [retiredKeysSetting(operatorId, staffId)]);
  return rows[0] ? (JSON.parse(rows[0].value) as RetiredKey[]) : [];
}

/**
 * A person changed their own password: the old key stays valid for what they signed before the change, so commands
 * still queued on another PC (or re-sent to a restored HQ, or under a re-attached identity) are not lost. A reset by
 * an admin retires nothing: the old key (perhaps known to someone else) stops speaking at once.
 */
export async function retireKey(q: Queryable, operatorId: string, staffId: string, key: RetiredKey): Promise<void> {
  const kept = (await retiredKeys(q, operatorId, staffId)).filter((k) => k.publicKey !== key.publicKey);
  const value = JSON.stringify([...kept, key].slice(-RETIRED_KEPT));
  await q.run('INSERT INTO hq_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [retiredKeysSetting(operatorId, staffId), value]);
}

export function commandProofValid(publicKey: string, fields: CommandProofFields, args: unknown, proof: string | undefined): boolean {
  if (!proof) return false;
  return verifies(publicKey, commandProofText(fields, sha256Hex(canonicalJson(args))), proof);
}

export function adminProofValid(publicKey: string, fields: Omit<AdminProofFields, 'bodyDigest'>, body: unknown, proof: string): boolean {
  return verifies(publicKey, adminProofText({ ...fields, bodyDigest: sha256Hex(canonicalJson(body)) }), proof);
}
