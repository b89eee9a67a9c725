import { AppError } from '../../../errors.js';
import { ContentRefusedError } from './content-check.js';
import { VaultIntegrityError } from './errors.js';
import { isStorageFull } from './store.js';

export class FileTooLargeError extends AppError {
  constructor(limit: number, details: Record<string, unknown> = {}) {
    super(413, 'FILE_TOO_LARGE', `The file is larger than the limit of ${limit} bytes.`, { limit, ...details });
  }
}
export class StorageFullError extends AppError {
  constructor() {
    super(507, 'STORAGE_FULL', 'The server has no room for this file right now. Nothing of this request was kept; try again later or tell the administrator.');
  }
}
export class OffsetMismatchError extends AppError {
  constructor(public readonly offset: number) {
    super(409, 'UPLOAD_OFFSET_MISMATCH', `The upload continues at byte ${offset}.`, { offset });
  }
}

/** The HTTP form of the vault's own errors. */
export function toAppError(e: unknown): unknown {
  if (e instanceof AppError) return e;
  if (e instanceof ContentRefusedError) {
    const msg =
      e.code === 'ARCHIVE_REFUSED'
        ? 'The archive was refused by the content check.'
        : e.code === 'FILE_NAME_RESERVED'
          ? 'This file name is reserved by Windows (CON, PRN, AUX, NUL, COM1–COM9, LPT1–LPT9); rename the file.'
          : 'This kind of file cannot be exchanged, or its content does not match its name.';
    return new AppError(422, e.code, msg, { reason: e.reason, ...e.details });
  }
  if (isStorageFull(e)) return new StorageFullError();
  if (e instanceof VaultIntegrityError) return new AppError(500, 'FILE_INTEGRITY_FAILED', 'The stored file failed its integrity check.');
  return e;
}
