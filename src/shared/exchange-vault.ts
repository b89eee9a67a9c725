import { z } from 'zod';

/**
 * The exchange vault's resumable upload protocol (issue 7 §2): wire schemas shared by server and web.
 *
 * 1. `POST /api/exchange/uploads` {fileName, size} → 201 UploadDto (offset 0).
 * 2. `PATCH /api/exchange/uploads/:id` with `Upload-Offset: <offset>` and
 *    `Content-Type: application/offset+octet-stream`, the bytes from that offset (all of the rest,
 *    or any part of it) → 200 UploadDto with the new offset; `file` is set once the last byte is in
 *    and the content check passed. A wrong offset → 409 UPLOAD_OFFSET_MISMATCH (details.offset).
 * 3. After a dropped connection: `HEAD` (header `Upload-Offset`) or `GET /api/exchange/uploads/:id`,
 *    then PATCH again from that offset.
 * 4. `DELETE /api/exchange/uploads/:id` abandons an unfinished upload.
 *
 * An upload started for an existing draft carries its `transferId`: the transfer cannot be released
 * while that upload is unfinished or not attached (409 UPLOADS_UNFINISHED).
 */

export const UPLOAD_CONTENT_TYPE = 'application/offset+octet-stream';

/** The types that may be exchanged, by name and by content. */
export const ExchangeFileType = z.enum(['csv', 'tsv', 'txt', 'xlsx', 'docx', 'pdf', 'zip', 'png', 'jpeg']);
export type ExchangeFileType = z.infer<typeof ExchangeFileType>;
/** Extensions accepted in a file name (an `accept` list for file pickers). */
export const EXCHANGE_EXTENSIONS = ['.csv', '.tsv', '.txt', '.xlsx', '.docx', '.pdf', '.zip', '.png', '.jpg', '.jpeg'] as const;

export const CreateUpload = z.object({
  fileName: z.string().min(1).max(1000),
  size: z.number().int().min(0).max(2 ** 50),
  /** The sender's draft (or blocked) transfer this file is meant for: its release then waits for this upload. */
  transferId: z.uuid().optional(),
});
export type CreateUpload = z.infer<typeof CreateUpload>;

/** A finished file: what both sides see (the SHA-256 to compare). */
export const VaultFileDto = z.object({
  id: z.uuid(),
  fileName: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  detectedType: z.string(),
});
export type VaultFileDto = z.infer<typeof VaultFileDto>;

export const UploadStatus = z.enum(['uploading', 'complete', 'refused', 'abandoned', 'expired', 'erased']);

export const UploadDto = z.object({
  id: z.uuid(),
  fileName: z.string(),
  size: z.number().int(),
  /** Plaintext bytes per encrypted chunk (a client may align its PATCH requests to it; it need not). */
  chunkSize: z.number().int(),
  /** Bytes durably stored: where the next PATCH starts. */
  offset: z.number().int(),
  status: UploadStatus,
  /** The transfer the upload was started for, if any. */
  transferId: z.uuid().nullable(),
  expiresAt: z.iso.datetime(),
  file: VaultFileDto.nullable(),
});
export type UploadDto = z.infer<typeof UploadDto>;

export const UploadIdParam = z.object({ id: z.uuid() });
