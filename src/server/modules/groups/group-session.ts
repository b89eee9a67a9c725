import { and, eq, isNull } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { queryRows, type Conn } from '../../db/client.js';
import { groupSessions } from '../../db/schema/index.js';
import { newToken, tokenId } from '../../sessions/tokens.js';

/** A group session lasts at most this long; it never outlives the password version it was opened with. */
export const GROUP_SESSION_MS = 8 * 60 * 60 * 1000;

/** What the onRequest hook attaches to a request that carries a valid group cookie and no personal session. */
export interface GroupAccess {
  sessionId: string;
  researchGroupId: string;
  credentialVersion: number;
}

export const groupCookieName = (ctx: AppContext) => (ctx.config.secureCookies ? '__Host-mamori_group' : 'mamori_group');

export const groupCookieOptions = (ctx: AppContext) => ({ path: '/', httpOnly: true, sameSite: 'lax' as const, secure: ctx.config.secureCookies });

/** Opens a read-only group session (a fresh CSPRNG token; only its SHA-256 is stored). */
export async function createGroupSession(tx: Conn, ctx: AppContext, researchGroupId: string, credentialVersion: number, ip: string | null, userAgent: string | null) {
  const token = newToken();
  const now = ctx.clock.now();
  const row = { id: tokenId(token), researchGroupId, credentialVersion, ip, userAgent: userAgent?.slice(0, 500) ?? null, createdAt: now, expiresAt: new Date(now.getTime() + GROUP_SESSION_MS) };
  await tx.insert(groupSessions).values(row);
  return { token, id: row.id, expiresAt: row.expiresAt };
}

/**
 * The group session behind a cookie token, or null. It is valid while unended, unexpired, opened
 * with the group's current password version, and the group is active; an expired one is ended.
 */
export async function loadGroupAccess(ctx: AppContext, token: string): Promise<(GroupAccess & { expiresAt: Date }) | null> {
  const id = tokenId(token);
  const [row] = await queryRows<{ id: string; research_group_id: string; credential_version: number; expires_at: Date | string; ended_at: Date | string | null; current_version: number | null; group_active: boolean }>(
    ctx.db,
    sql`select s.id, s.research_group_id, s.credential_version, s.expires_at, s.ended_at, c.current_version, g.active as group_active
          from group_sessions s join research_groups g on g.id = s.research_group_id
          left join group_credentials c on c.research_group_id = s.research_group_id
         where s.id = ${id}`,
  );
  if (!row || row.ended_at) return null;
  const expiresAt = new Date(row.expires_at);
  if (expiresAt <= ctx.clock.now() || row.current_version !== row.credential_version || !row.group_active) {
    await endGroupSession(ctx.db, ctx, row.id, expiresAt <= ctx.clock.now() ? 'expired' : 'invalidated');
    return null;
  }
  return { sessionId: row.id, researchGroupId: row.research_group_id, credentialVersion: row.credential_version, expiresAt };
}

export async function endGroupSession(conn: Conn, ctx: AppContext, id: string, reason: string): Promise<void> {
  await conn
    .update(groupSessions)
    .set({ endedAt: ctx.clock.now(), endReason: reason })
    .where(and(eq(groupSessions.id, id), isNull(groupSessions.endedAt)));
}
