import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { desc } from 'drizzle-orm';
import { z } from 'zod';
import type { Conn } from '../db/client.js';
import { auditLog } from '../db/schema/index.js';
import { canonicalJson, GENESIS_HASH } from './chain.js';

export const CHECKPOINT_FORMAT = 'mamori-audit-checkpoint/1';

export const CheckpointFile = z.object({
  format: z.literal(CHECKPOINT_FORMAT),
  seq: z.number().int().min(0),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.string(),
  publicKey: z.string(),
  signature: z.string(),
});
export type CheckpointFile = z.infer<typeof CheckpointFile>;

const signedPart = (c: Pick<CheckpointFile, 'format' | 'seq' | 'hash' | 'createdAt'>) =>
  Buffer.from(canonicalJson({ format: c.format, seq: c.seq, hash: c.hash, createdAt: c.createdAt }));

const spki = (key: KeyObject) => key.export({ type: 'spki', format: 'der' }).toString('base64');

/** Signs the newest entry's sequence and hash with the Ed25519 audit key. */
export async function createCheckpoint(conn: Conn, privateKey: KeyObject, now: Date): Promise<CheckpointFile> {
  const [last] = await conn.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
  const body = { format: CHECKPOINT_FORMAT, seq: last?.seq ?? 0, hash: last?.hash ?? GENESIS_HASH, createdAt: now.toISOString() } as const;
  return { ...body, publicKey: spki(createPublicKey(privateKey)), signature: sign(null, signedPart(body), privateKey).toString('base64') };
}

/**
 * Checks a checkpoint's signature against the installation's own public key (not the key the
 * file carries, which a forger could replace). Returns a reason when it is not genuine.
 */
export function checkCheckpointSignature(cp: CheckpointFile, trustedKey: KeyObject): string | null {
  if (cp.publicKey !== spki(trustedKey)) return 'the checkpoint was signed by a different key than this installation’s';
  const ok = verify(null, signedPart(cp), trustedKey, Buffer.from(cp.signature, 'base64'));
  return ok ? null : 'the checkpoint’s signature is invalid (the file was altered)';
}
