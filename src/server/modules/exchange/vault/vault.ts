/**
 * The exchange vault (issue 7, P32-2.1.2, 1.2.1, 1.2.2): encrypted, verified storage of exchanged files.
 *
 * CONTRACT for the transfer workflow (X2); the implementation is in this folder:
 *
 * - A file enters the vault only through the resumable upload routes (`/api/exchange/uploads`, protocol and
 *   wire schemas in src/shared/exchange-vault.ts, routes in vault.routes.ts); once its last byte is in and its
 *   content passed the type and archive checks (content-check.ts), it is a `VaultFile` with the upload's id.
 * - Files belong to their uploader (`ownerPersonId`); these methods do no authorization of their own: the
 *   transfer service decides who may read a file and calls `openPlaintext` on their behalf.
 *   `sendVaultFile` (download.ts) streams one as an HTTP reply (length, Japanese file names, SHA-256, ranges).
 * - Storage (store.ts, s3-store.ts): local files under DATA_DIR/exchange, or an S3-compatible bucket
 *   (EXCHANGE_STORAGE=s3); object names are random ids, never file names.
 * - Encryption (crypto.ts): per-file random data key; AES-256-GCM chunks (EXCHANGE_CHUNK_BYTES) bound to the
 *   file, their index and the end of the file; the data key wrapped under a key derived from the master key
 *   (HKDF), re-wrapped by `rewrapAll` (`mamori exchange rewrap-keys`) after a rotation. Blobs hold ciphertext only.
 * - Housekeeping job `exchange.uploads_expire`: unfinished uploads idle for EXCHANGE_UPLOAD_HOURS, and finished
 *   files never attached to a transfer within that time, are crypto-erased.
 */

/** A finished (uploaded, verified) file. */
export interface VaultFile {
  /** Same id as the upload that produced it (uuid). */
  id: string;
  ownerPersonId: string;
  /** The transfer the upload was started for (null: started before its transfer existed). */
  transferId: string | null;
  /** Sanitized display name (NFC, no path parts, no control characters); never used as a path. */
  fileName: string;
  /** Plaintext size in bytes. */
  size: number;
  /** Lowercase hex SHA-256 of the plaintext, computed at upload and verified at every download. */
  sha256: string;
  /** 'csv' | 'tsv' | 'txt' | 'xlsx' | 'docx' | 'pdf' | 'zip' | 'png' | 'jpeg' */
  detectedType: string;
  createdAt: Date;
  /** Set once the file was crypto-erased (data key destroyed, blob deleted); its content is gone for good. */
  erasedAt: Date | null;
}

export { VaultFileGoneError, VaultIntegrityError } from './errors.js';
export { Vault } from './vault.service.js';
export { sendVaultFile, parseRange } from './download.js';
