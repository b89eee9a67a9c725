import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Conn } from '../../db/client.js';
import { accountTokens } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';

export type TokenPurpose = 'invitation' | 'password_reset' | 'lost_confirm';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** A password-reset link lives one hour; a lost-credential confirmation as long. */
export const RESET_LINK_MS = 3_600_000;

export class LinkInvalidError extends AppError {
  constructor() {
    super(400, 'LINK_INVALID', 'This link is invalid, already used or expired.');
  }
}

/**
 * Issues a single-use link token (256 bits from the CSPRNG; only its SHA-256 is stored) and revokes
 * every earlier unused token of the same purpose for the person, so only the newest link works.
 */
export async function issueToken(tx: Conn, ctx: AppContext, personId: string, purpose: TokenPurpose, ttlMs: number, payload?: Record<string, unknown>) {
  const token = randomBytes(32).toString('base64url');
  const now = ctx.clock.now();
  await tx
    .update(accountTokens)
    .set({ revokedAt: now })
    .where(and(eq(accountTokens.personId, personId), eq(accountTokens.purpose, purpose), isNull(accountTokens.usedAt), isNull(accountTokens.revokedAt)));
  const expiresAt = new Date(now.getTime() + ttlMs);
  await tx.insert(accountTokens).values({ tokenHash: sha256(token), personId, purpose, payload: payload ?? null, createdAt: now, expiresAt });
  return { token, expiresAt };
}

/** Revokes a person's unused tokens of the given purposes (suspension, offboarding). */
export async function revokeTokens(tx: Conn, ctx: AppContext, personId: string, purposes: TokenPurpose[]) {
  for (const purpose of purposes) {
    await tx
      .update(accountTokens)
      .set({ revokedAt: ctx.clock.now() })
      .where(and(eq(accountTokens.personId, personId), eq(accountTokens.purpose, purpose), isNull(accountTokens.usedAt), isNull(accountTokens.revokedAt)));
  }
}

const valid = (ctx: AppContext, token: string, purpose: TokenPurpose) =>
  and(eq(accountTokens.tokenHash, sha256(token)), eq(accountTokens.purpose, purpose), isNull(accountTokens.usedAt), isNull(accountTokens.revokedAt), gt(accountTokens.expiresAt, ctx.clock.now()));

/** The token's row while it is usable, else null. Does not use it up. */
export async function peekToken(conn: Conn, ctx: AppContext, token: string, purpose: TokenPurpose) {
  const [row] = await conn.select().from(accountTokens).where(valid(ctx, token, purpose));
  return row ?? null;
}

/** Uses the token up (atomically: two concurrent uses cannot both succeed); throws LINK_INVALID otherwise. */
export async function consumeToken(tx: Conn, ctx: AppContext, token: string, purpose: TokenPurpose) {
  const [row] = await tx.update(accountTokens).set({ usedAt: ctx.clock.now() }).where(valid(ctx, token, purpose)).returning();
  if (!row) throw new LinkInvalidError();
  return row;
}
