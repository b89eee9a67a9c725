import { bigint, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { people } from './org.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** One stored segment of a file: whole encrypted chunks `first … first + count − 1`, under its own nonce prefix. */
export interface VaultSegment {
  /** Object name within the file's blob folder. */
  name: string;
  first: number;
  count: number;
  /** 8 random bytes (hex): the first part of every chunk nonce in this segment. */
  prefix: string;
  /** Ciphertext bytes in the object. */
  bytes: number;
}

/** The pending partial chunk at the end of an unfinished upload, stored encrypted under the file's tail key. */
export interface VaultTail {
  name: string;
  /** Plaintext bytes it holds. */
  length: number;
}

/**
 * The exchange vault (issue 7): one row per upload, from the first byte to its crypto-erasure. The
 * row's id is the upload id and, once complete, the file id. The payload lives in the blob store
 * (DATA_DIR/exchange or S3) as AES-256-GCM chunks under a per-file data key; the row holds that
 * key only wrapped by a key derived from the master key (`keyId` names which master key), so
 * erasing the wrapped key makes the payload unreadable for good.
 */
export const exchangeVaultFiles = pgTable(
  'exchange_vault_files',
  {
    id: uuid('id').primaryKey(),
    ownerPersonId: uuid('owner_person_id')
      .notNull()
      .references(() => people.id),
    /**
     * The draft transfer this upload was started for (set at creation; null for an upload started before its
     * transfer existed). Release refuses while such an upload is unfinished or not attached.
     */
    transferId: uuid('transfer_id'),
    /** Sanitized display name; never used as a path. */
    fileName: text('file_name').notNull(),
    /** Declared (and, once complete, actual) plaintext size. */
    size: bigint('size', { mode: 'number' }).notNull(),
    chunkSize: integer('chunk_size').notNull(),
    /** uploading → complete | refused | abandoned | expired; complete → erased */
    status: text('status', { enum: ['uploading', 'complete', 'refused', 'abandoned', 'expired', 'erased'] }).notNull(),
    /** Plaintext bytes durably stored so far (committed segments + tail): the upload offset. */
    received: bigint('received', { mode: 'number' }).notNull().default(0),
    /** Random folder name in the blob store (never derived from the file name). */
    blobKey: text('blob_key').notNull(),
    segments: jsonb('segments').$type<VaultSegment[]>().notNull().default([]),
    tail: jsonb('tail').$type<VaultTail | null>(),
    /** The data key wrapped under the master key's KEK (base64url iv.ciphertext.tag); null once erased. */
    wrappedKey: text('wrapped_key'),
    /** Fingerprint of the master key that wrapped it (the key version). */
    keyId: text('key_id').notNull(),
    /** Hex SHA-256 of the plaintext, set when the upload completes. */
    sha256: text('sha256'),
    /** Set by the content check of the first bytes, confirmed at completion. */
    detectedType: text('detected_type'),
    /** Why the content check refused the file (code and details). */
    refusal: jsonb('refusal').$type<{ code: string; reason: string; details?: Record<string, unknown> } | null>(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    /** An unfinished upload is expired (and its bytes erased) after this. */
    expiresAt: ts('expires_at').notNull(),
    completedAt: ts('completed_at'),
    erasedAt: ts('erased_at'),
  },
  (t) => [index('exchange_vault_files_owner_idx').on(t.ownerPersonId, t.status), index('exchange_vault_files_expiry_idx').on(t.status, t.expiresAt), index('exchange_vault_files_key_idx').on(t.keyId), index('exchange_vault_files_transfer_idx').on(t.transferId, t.status)],
);
