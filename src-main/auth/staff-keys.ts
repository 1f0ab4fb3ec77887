// A staff member's signing key (docs/decisions/0072): an Ed25519 pair made with their password, the private half
// wrapped by a key derived from the password (scrypt, AES-256-GCM), unwrapped only at sign-in and held in the session.
import { createCipheriv, createDecipheriv, createHash, createPrivateKey, generateKeyPairSync, randomBytes, scryptSync, sign, type KeyObject } from 'node:crypto';
import { adminProofText, canonicalJson, commandProofText, type AdminProofFields, type CommandProofFields } from '../../src-shared/sync/proof';
import { hashSecret } from './secrets';

const N = 16384;
const R = 8;
const P = 1;
const FORMAT = 'ed25519-scrypt-aesgcm';

export interface StaffSecret {
  /** scrypt hash of the password (what sign-in checks). */
  hash: string;
  publicKey: string;
  wrappedKey: string;
  /** The private key, for the session that made it. */
  privateKey: KeyObject;
}

function wrappingKey(password: string, salt: Buffer): Buffer {
  return scryptSync(password.normalize('NFKC'), salt, 32, { N, r: R, p: P });
}

export function publicKeyText(key: KeyObject): string {
  const jwk = key.export({ format: 'jwk' });
  if (!jwk.x) throw new Error('not an Ed25519 key');
  return jwk.x;
}

/** Everything `people.setCredential` carries for a staff password: a new key pair each time (rotation). */
export function newStaffSecret(password: string): StaffSecret {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const pub = publicKeyText(publicKey);
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', wrappingKey(password, salt), iv);
  // The public key is bound as associated data: a wrapped key cannot be paired with another public key.
  cipher.setAAD(Buffer.from(pub));
  const body = Buffer.concat([cipher.update(privateKey.export({ format: 'der', type: 'pkcs8' })), cipher.final()]);
  const b64 = (b: Buffer) => b.toString('base64url');
  const wrappedKey = [FORMAT, N, R, P, b64(salt), b64(iv), b64(cipher.getAuthTag()), b64(body)].join('$');
  return { hash: hashSecret(password), publicKey: pub, wrappedKey, privateKey };
}

/** The private key, or null when the password does not open it (or the row carries no key). */
export function unwrapStaffKey(password: string, cred: { publicKey: string | null; wrappedKey: string | null }): KeyObject | null {
  if (!cred.publicKey || !cred.wrappedKey) return null;
  const parts = cred.wrappedKey.split('$');
  if (parts.length !== 8 || parts[0] !== FORMAT) return null;
  const [, n, r, p, salt, iv, tag, body] = parts as [string, string, string, string, string, string, string, string];
  try {
    const key = scryptSync(password.normalize('NFKC'), Buffer.from(salt, 'base64url'), 32, { N: Number(n), r: Number(r), p: Number(p) });
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(cred.publicKey));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const der = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } catch {
    return null;
  }
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function signCommand(key: KeyObject, fields: CommandProofFields, args: unknown): string {
  return sign(null, Buffer.from(commandProofText(fields, sha256Hex(canonicalJson(args)))), key).toString('base64url');
}

export function signAdminCall(key: KeyObject, fields: Omit<AdminProofFields, 'bodyDigest'>, body: unknown): string {
  return sign(null, Buffer.from(adminProofText({ ...fields, bodyDigest: sha256Hex(canonicalJson(body)) })), key).toString('base64url');
}
