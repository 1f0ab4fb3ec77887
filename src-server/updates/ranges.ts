// HTTP Range for the update files (RFC 9110 §14): one range answers 206 with Content-Range, several answer
// multipart/byteranges in the order asked (electron-updater's differential download maps parts to its plan by
// position, so ranges are neither merged nor sorted). Files stream from disk: nothing is read whole.
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

export interface ByteRange {
  start: number;
  /** Inclusive, as in the header. */
  end: number;
}

/** electron-updater asks for up to 1,000 ranges at once (one batch of its plan); more is not a client of ours. */
export const MAX_RANGES = 1000;

/**
 * The ranges a `Range` header asks for within a file of `size` bytes: `null` when the header is absent or not a
 * bytes range (serve the whole file), `'unsatisfiable'` when no range falls inside the file, or when the ranges
 * would send more than twice the file (overlapping ranges used to amplify a download).
 */
export function parseRange(header: string | undefined, size: number): ByteRange[] | null | 'unsatisfiable' {
  if (!header) return null;
  const m = /^bytes=(.+)$/i.exec(header.trim());
  if (!m) return null;
  const specs = m[1].split(',');
  if (specs.length > MAX_RANGES) return 'unsatisfiable';
  const ranges: ByteRange[] = [];
  let total = 0;
  for (const raw of specs) {
    const spec = raw.trim();
    const r = /^(\d*)-(\d*)$/.exec(spec);
    if (!r || (r[1] === '' && r[2] === '')) return null;
    let start: number;
    let end: number;
    if (r[1] === '') {
      // A suffix: the last N bytes.
      const n = Number(r[2]);
      if (n === 0) continue;
      start = Math.max(0, size - n);
      end = size - 1;
    } else {
      start = Number(r[1]);
      end = r[2] === '' ? size - 1 : Math.min(Number(r[2]), size - 1);
      if (end < start) {
        if (r[2] !== '' && Number(r[2]) < start) return null;
        continue;
      }
      if (start >= size) continue;
    }
    ranges.push({ start, end });
    total += end - start + 1;
  }
  if (!ranges.length || total > 2 * size) return 'unsatisfiable';
  return ranges;
}

export interface RangedBody {
  status: 200 | 206;
  headers: Record<string, string>;
  /** Opens the stream only when asked, so a HEAD request opens no file. */
  open(): WebReadableStream<Uint8Array>;
}

function fileStream(file: string, range?: ByteRange): Readable {
  return fs.createReadStream(file, range ? { start: range.start, end: range.end, highWaterMark: 256 * 1024 } : { highWaterMark: 256 * 1024 });
}

/** Answers a GET for `file` (of `size` bytes) with the ranges asked for, or the whole file. */
export function rangedBody(file: string, size: number, ranges: ByteRange[] | null, contentType: string): RangedBody {
  const common = { 'accept-ranges': 'bytes', 'cache-control': 'no-cache' };
  if (!ranges) {
    return {
      status: 200,
      headers: { ...common, 'content-type': contentType, 'content-length': String(size) },
      open: () => Readable.toWeb(fileStream(file)) as WebReadableStream<Uint8Array>,
    };
  }
  if (ranges.length === 1) {
    const [r] = ranges;
    return {
      status: 206,
      headers: { ...common, 'content-type': contentType, 'content-length': String(r.end - r.start + 1), 'content-range': `bytes ${r.start}-${r.end}/${size}` },
      open: () => Readable.toWeb(fileStream(file, r)) as WebReadableStream<Uint8Array>,
    };
  }
  const list = ranges;
  const boundary = `tomoni-${randomBytes(12).toString('hex')}`;
  const heads = ranges.map((r, i) => Buffer.from(`${i ? '\r\n' : ''}--${boundary}\r\ncontent-type: ${contentType}\r\ncontent-range: bytes ${r.start}-${r.end}/${size}\r\n\r\n`));
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const length = heads.reduce((n, h) => n + h.length, 0) + ranges.reduce((n, r) => n + r.end - r.start + 1, 0) + tail.length;
  async function* parts(): AsyncGenerator<Buffer> {
    for (let i = 0; i < list.length; i++) {
      yield heads[i];
      for await (const chunk of fileStream(file, list[i])) yield chunk as Buffer;
    }
    yield tail;
  }
  return {
    status: 206,
    headers: { ...common, 'content-type': `multipart/byteranges; boundary=${boundary}`, 'content-length': String(length) },
    open: () => Readable.toWeb(Readable.from(parts(), { objectMode: false })) as WebReadableStream<Uint8Array>,
  };
}
