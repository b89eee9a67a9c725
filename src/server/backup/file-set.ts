import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, readdir, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** One file of a file set, by its path inside the set. */
export interface BackupFile {
  path: string;
  size: number;
}

/**
 * Files a backup carries besides the database: the secrets, the witnessed audit checkpoints, and
 * each module's stored files (the exchange's encrypted segments). Modules contribute theirs
 * through their manifest's `backupFiles`.
 */
export interface BackupFileSet {
  /** The set's folder in the backup (e.g. `exchange`). */
  readonly name: string;
  /** Every file to back up. Called after the database dump, so it covers every file the dump refers to. */
  list(): AsyncIterable<BackupFile>;
  /** A file's content, or null if it was removed since it was listed. */
  read(path: string): Promise<Readable | null>;
  /** Writes a file on restore. */
  write(path: string, data: Readable): Promise<void>;
  /** Whether the set holds nothing yet (a restore goes only into an empty installation). */
  isEmpty(): Promise<boolean>;
}

/** A directory's files, recursively (the secrets, the audit witness directory). */
export function directoryFileSet(name: string, dir: string, mode = 0o600): BackupFileSet {
  async function* walk(d: string): AsyncIterable<BackupFile> {
    const entries = await readdir(d, { withFileTypes: true }).catch(() => []);
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(d, e.name);
      if (e.isDirectory()) yield* walk(full);
      else if (e.isFile()) yield { path: relative(dir, full).split(sep).join('/'), size: (await stat(full)).size };
    }
  }
  return {
    name,
    list: () => walk(dir),
    read: async (path) => (existsSync(join(dir, path)) ? createReadStream(join(dir, path)) : null),
    async write(path, data) {
      const target = join(dir, path);
      if (!target.startsWith(dir + sep)) throw new Error(`refusing to write outside ${dir}: ${path}`);
      await mkdir(dirname(target), { recursive: true, mode: 0o700 });
      await pipeline(data, createWriteStream(target, { mode, flags: 'wx' }));
    },
    async isEmpty() {
      for await (const _ of walk(dir)) return false;
      return true;
    },
  };
}
