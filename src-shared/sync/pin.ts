// HQ's certificate pin as people carry it (decision 0079): the first 80 bits of the certificate's SHA-256, in the
// same 32 letters and digits as the codes, after an `@` in every code HQ hands out: `K7QM-2XRD-9HFA@Q4TZ-8MKC-2NVE-HW6P`.
// The device checks HQ's certificate against it before it sends anything, then keeps the full fingerprint.

const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** Characters of a pin: 16 × 5 bits = 80 bits, beyond any search for a certificate with the same prefix. */
export const PIN_CHARS = 16;

/** The pin of a certificate, from the SHA-256 of its DER bytes, grouped by four for reading aloud. */
export function pinOf(sha256: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of sha256) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < PIN_CHARS) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
    if (out.length >= PIN_CHARS) break;
  }
  return out.match(/.{4}/g)!.join('-');
}

/** A pin as typed (any case, with or without dashes or spaces), or null when it cannot be one. */
export function normalizePin(typed: string): string | null {
  const pin = typed.toUpperCase().replace(/[\s-]/g, '');
  if (pin.length !== PIN_CHARS || [...pin].some((ch) => !alphabet.includes(ch))) return null;
  return pin;
}

/** A code as a person typed it: the code itself and HQ's pin (null when the code carries none). */
export function splitCode(typed: string): { code: string; pin: string | null; pinInvalid: boolean } {
  const at = typed.indexOf('@');
  if (at < 0) return { code: typed.trim(), pin: null, pinInvalid: false };
  const pin = normalizePin(typed.slice(at + 1));
  return { code: typed.slice(0, at).trim(), pin, pinInvalid: pin === null };
}

/** The SHA-256 fingerprint as 64 lowercase hex digits (how the device stores it), from Node's `AA:BB:…` form. */
export function fingerprintHex(fingerprint256: string): string {
  return fingerprint256.replace(/:/g, '').toLowerCase();
}

/** Does an HQ URL speak plain HTTP (no TLS, so nothing is pinned and everything crosses the link in clear)? */
export function isPlainHttp(hqUrl: string): boolean {
  return /^http:/i.test(hqUrl.trim());
}
