import { z } from 'zod';
import { macMatches, manifestMac } from './crypto.js';

export const BACKUP_FORMAT = 'mamori-backup/1';

const Sum = z.object({ path: z.string(), bytes: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) });

/** `manifest.json`: what a backup holds and the sums to check it by; its MAC is keyed by the backup key. */
export const Manifest = z.object({
  format: z.literal(BACKUP_FORMAT),
  name: z.string(),
  createdAt: z.string(),
  engine: z.enum(['pglite', 'postgres']),
  appVersion: z.string(),
  node: z.string(),
  key: z.object({
    id: z.string(),
    kdf: z.union([z.object({ kind: z.literal('raw') }), z.object({ kind: z.literal('scrypt'), salt: z.string(), N: z.number(), r: z.number(), p: z.number() })]),
  }),
  database: z.object({
    counts: z.record(z.string(), z.number().int().nonnegative()),
    audit: z.object({ lastSeq: z.number().int().nonnegative(), lastHash: z.string().nullable() }),
    migrations: z.number().int().nonnegative(),
  }),
  /** The sealed parts, by the SHA-256 of their bytes on disk. */
  parts: z.array(Sum),
  /** The files inside the files part, by the SHA-256 of their content. */
  files: z.array(Sum),
  durationMs: z.number().int().nonnegative(),
  mac: z.string(),
});
export type Manifest = z.infer<typeof Manifest>;

/** JSON with sorted keys, so the MAC does not depend on key order. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

export function sealManifest(key: Buffer, m: Omit<Manifest, 'mac'>): Manifest {
  return { ...m, mac: manifestMac(key, canonical(m)) };
}

export function manifestAuthentic(key: Buffer, m: Manifest): boolean {
  const { mac, ...rest } = m;
  return macMatches(key, canonical(rest), mac);
}
