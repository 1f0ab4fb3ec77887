// HQ's TLS material: a certificate and key given on the command line, or one made for this HQ in its data folder
// (`--tls-self-signed`). Devices do not trust a CA for HQ: they pin its certificate (decision 0079).
import { X509Certificate, createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generate } from 'selfsigned';
import { pinOf } from '../src-shared/sync/pin';

export interface HqTls {
  key: Buffer;
  cert: Buffer;
  /** SHA-256 of the certificate, `AA:BB:…` (what browsers and openssl show). */
  fingerprint256: string;
  /** The part of every code after the `@`. */
  pin: string;
  validTo: string;
}

export function loadTls(certFile: string, keyFile: string): HqTls {
  const cert = fs.readFileSync(certFile);
  const key = fs.readFileSync(keyFile);
  // The first certificate of the file is HQ's own (a chain may follow it): that one is pinned.
  const x509 = new X509Certificate(cert);
  return { key, cert, fingerprint256: x509.fingerprint256, pin: pinOf(createHash('sha256').update(x509.raw).digest()), validTo: x509.validTo };
}

export const selfSignedPaths = (dataDir: string) => ({ cert: path.join(dataDir, 'tls', 'hq-cert.pem'), key: path.join(dataDir, 'tls', 'hq-key.pem') });

/**
 * The data folder's own certificate, made on first use: ECDSA P-256, ten years (a pinned certificate is replaced by
 * re-enrolling devices, so it should not expire under them), HQ's host names as alternative names.
 */
export async function selfSignedTls(dataDir: string, hostnames: string[]): Promise<HqTls> {
  const files = selfSignedPaths(dataDir);
  if (fs.existsSync(files.cert) && fs.existsSync(files.key)) return loadTls(files.cert, files.key);
  const names = [...new Set(['localhost', os.hostname(), ...hostnames])];
  const isIp = (n: string) => /^[\d.]+$/.test(n) || n.includes(':');
  const notBeforeDate = new Date();
  const notAfterDate = new Date(notBeforeDate.getTime() + 10 * 365 * 24 * 60 * 60 * 1000);
  const pems = await generate([{ name: 'commonName', value: 'Tomoni HQ' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [...names.filter((n) => !isIp(n)).map((value) => ({ type: 2 as const, value })), ...['127.0.0.1', ...names.filter(isIp)].map((ip) => ({ type: 7 as const, ip }))],
      },
    ],
  });
  fs.mkdirSync(path.dirname(files.cert), { recursive: true });
  fs.writeFileSync(files.key, pems.private, { mode: 0o600 });
  fs.writeFileSync(files.cert, pems.cert);
  return loadTls(files.cert, files.key);
}
