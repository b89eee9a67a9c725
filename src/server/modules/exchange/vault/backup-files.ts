import { Readable } from 'node:stream';
import type { BackupFileSet } from '../../../backup/file-set.js';
import type { AppContext } from '../../../context.js';
import { queryRows } from '../../../db/client.js';
import { sql } from 'drizzle-orm';
import { blobStoreOf } from './blob-store.js';
import { BlobNotFoundError } from './store.js';

/**
 * The vault's stored segments as a backup file set: every object under each file's blob prefix,
 * local directory or S3 alike. Segments are already encrypted under the master key, which the
 * backup carries with the secrets.
 */
export function vaultBackupFiles(ctx: AppContext): BackupFileSet {
  const store = () => blobStoreOf(ctx);
  const prefixes = async () => (await queryRows<{ k: string }>(ctx.db, sql`select distinct blob_key as k from exchange_vault_files order by 1`)).map((r) => r.k);
  return {
    name: 'exchange',
    async *list() {
      for (const prefix of await prefixes())
        for (const key of await store().list(prefix)) {
          const s = await store().stat(key);
          if (s) yield { path: key, size: s.size };
        }
    },
    async read(path) {
      try {
        return await store().get(path);
      } catch (e) {
        if (e instanceof BlobNotFoundError) return null;
        throw e;
      }
    },
    async write(path, data) {
      await store().put(path, Readable.from(data));
    },
    async isEmpty() {
      for (const prefix of await prefixes()) if ((await store().list(prefix)).length) return false;
      return true;
    },
  };
}
