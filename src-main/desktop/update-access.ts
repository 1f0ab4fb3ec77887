// How a device reaches its HQ's update feed (decision 0103): with its own credential (HQ serves the feed to enrolled
// devices only) and only to the certificate it pinned at join (decision 0079). electron-updater fetches through
// Chromium's network stack, which knows no pins: the Electron side hands each certificate to `certificateVerdict`.
import { createHash } from 'node:crypto';
import { updateFeedUrl } from './update-policy';

export interface UpdateAccess {
  feedUrl: string;
  /** `Device <id>.<secret>`, as every sync request carries it. */
  authorization: string;
  /** SHA-256 (hex) of HQ's certificate, DER; null for a plain-HTTP HQ. */
  pinSha256: string | null;
}

export function updateAccess(hqUrl: string | null, credential: { deviceId: string; secret: string } | null, pinSha256: string | null): UpdateAccess | null {
  const feedUrl = updateFeedUrl(hqUrl);
  if (!feedUrl || !credential) return null;
  // An https HQ without a pin is never trusted on a CA's word alone (as for sync).
  if (new URL(feedUrl).protocol === 'https:' && !pinSha256) return null;
  return { feedUrl, authorization: `Device ${credential.deviceId}.${credential.secret}`, pinSha256 };
}

/** SHA-256 (hex) of a PEM certificate's DER bytes: what Electron's `Certificate.data` holds. */
export function pemSha256(pem: string): string | null {
  const body = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(pem)?.[1];
  if (!body) return null;
  return createHash('sha256').update(Buffer.from(body.replace(/\s+/g, ''), 'base64')).digest('hex');
}

/**
 * Chromium's verdict codes for `session.setCertificateVerifyProc`: 0 accepts, -2 refuses, -3 keeps Chromium's own
 * verification. HQ's host must show exactly the pinned certificate; other hosts are none of the updater's business
 * and keep the default.
 */
export function certificateVerdict(access: UpdateAccess | null, hostname: string, pem: string): 0 | -2 | -3 {
  if (!access || !access.pinSha256) return -3;
  if (new URL(access.feedUrl).hostname !== hostname) return -3;
  return pemSha256(pem) === access.pinSha256 ? 0 : -2;
}
