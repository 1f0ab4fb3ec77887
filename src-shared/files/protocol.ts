// Source files between devices and HQ, outside row sync (DESIGN.md rule 10, decision 0120). A file is named by its
// SHA-256; rows (`entrySources`) carry the name, size and hash, and HQ lets a device move only the files its rows
// name. Uploads go in chunks at an offset HQ confirms, so a cut resumes where HQ's copy ends; downloads use Range.
import { z } from 'zod';

export const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

/** `/files/<sha256>`: GET (Range) downloads, PUT `?offset=N` appends a chunk. `/files/<sha256>/status` says how far. */
export function filePath(sha256: string): string {
  return `/files/${sha256}`;
}

export function fileStatusPath(sha256: string): string {
  return `/files/${sha256}/status`;
}

/** The most HQ takes in one PUT: a chunk is held in memory once, then appended and fsync'd whole. */
export const MAX_FILE_CHUNK = 4 * 1024 * 1024;
/**
 * Chunks are whole multiples of this: the device seals what it downloads in 64 KiB pieces (src-main/store/file-crypto.ts),
 * so a download resumes at a piece boundary without ever holding plaintext on disk.
 */
export const FILE_PIECE = 64 * 1024;

export const fileStatus = z.object({
  /** Bytes HQ holds so far (all of them once complete). */
  received: z.number().int().min(0),
  /** The file's full size, from the row that names it. */
  bytes: z.number().int().min(0),
  complete: z.boolean(),
});
export type FileStatus = z.infer<typeof fileStatus>;

/** `POST /files/status`: how far HQ holds each of up to a page of files (absent: not a file of this device's rows). */
export const filesStatusPath = '/files/status';
export const MAX_STATUS_PAGE = 500;
export const filesStatusRequest = z.object({ sha256s: z.array(sha256Hex).min(1).max(MAX_STATUS_PAGE) });
export const filesStatusResponse = z.object({ files: z.record(z.string(), fileStatus) });
