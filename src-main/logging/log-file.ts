// The log file a clerk can send: JSON lines under the data folder, rotated by size like logrotate
// (tomoni.log, tomoni.1.log newest … tomoni.5.log oldest), so a kiosk that runs for months stays within ~30 MB.
import fs from 'node:fs';
import path from 'node:path';
import { createStream, type RotatingFileStream } from 'rotating-file-stream';

export const LOG_DIR_NAME = 'logs';
const CURRENT = 'tomoni.log';
const KEEP_ROTATED = 5;

export const logFileName = (index: number | null): string => (index ? `tomoni.${index}.log` : CURRENT);

export function openLogFile(dataDir: string, size = '5M'): RotatingFileStream {
  const dir = path.join(dataDir, LOG_DIR_NAME);
  fs.mkdirSync(dir, { recursive: true });
  // In logrotate mode the generator gets the rotation index only (1 = newest rotated file).
  return createStream((index: number | Date | null) => logFileName(typeof index === 'number' ? index : null), { path: dir, size, rotate: KEEP_ROTATED });
}

/** The newest log lines, oldest first, at most `maxBytes` (whole lines): what 「ログを保存」 hands out. */
export function recentLogText(dataDir: string, maxBytes = 4 * 1024 * 1024): string {
  const dir = path.join(dataDir, LOG_DIR_NAME);
  const parts: string[] = [];
  let total = 0;
  for (let i = 0; i <= KEEP_ROTATED && total < maxBytes; i++) {
    const file = path.join(dir, logFileName(i || null));
    if (!fs.existsSync(file)) continue;
    let bytes = fs.readFileSync(file);
    if (total + bytes.length > maxBytes) {
      // Cut by bytes, then drop the partial first line (and with it any half of a multi-byte character).
      bytes = bytes.subarray(bytes.length - (maxBytes - total));
      bytes = bytes.subarray(bytes.indexOf(0x0a) + 1);
    }
    parts.unshift(bytes.toString('utf8'));
    total += bytes.length;
  }
  return parts.join('');
}
