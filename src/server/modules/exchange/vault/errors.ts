/** A stored chunk failed authentication, the blob is truncated or missing, or the whole-file SHA-256 did not match. */
export class VaultIntegrityError extends Error {
  constructor(
    public readonly fileId: string,
    public readonly reason: 'chunk' | 'truncated' | 'missing' | 'sha256' | 'key' | 'layout',
    public readonly chunk: number | null = null,
    message?: string,
  ) {
    super(message ?? `Integrity check failed for exchanged file ${fileId} (${reason}${chunk === null ? '' : ` at chunk ${chunk}`})`);
    this.name = 'VaultIntegrityError';
  }
}

/** The file is unknown, unfinished, or was erased. */
export class VaultFileGoneError extends Error {
  constructor(public readonly fileId: string) {
    super(`Exchanged file ${fileId} is unknown, unfinished or erased`);
    this.name = 'VaultFileGoneError';
  }
}
