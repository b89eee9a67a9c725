import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Conn } from '../../db/client.js';
import { groupCredentialVersions, researchGroups } from '../../db/schema/index.js';
import { NotFoundError } from '../../errors.js';
import { boxFor } from './rotation.js';

/** What the group ID services share: the group, its current password, and how rows are shown. */

export const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

/** A person's name as the data center's pages show it (Japanese order), or null. */
export const nameOf = (p: { family_name_ja?: string | null; given_name_ja?: string | null } | null) =>
  p && p.family_name_ja ? `${p.family_name_ja} ${p.given_name_ja ?? ''}`.trim() : null;

/** The research group, or 404. */
export async function researchGroup(conn: Conn, researchGroupId: string) {
  const [g] = await conn.select().from(researchGroups).where(eq(researchGroups.id, researchGroupId));
  if (!g) throw new NotFoundError('Research group');
  return g;
}

/** Opens the password of the group's given version (only for a reveal, a re-send or checking a sign-in). */
export async function openPassword(ctx: AppContext, conn: Conn, researchGroupId: string, version: number): Promise<string> {
  const [v] = await conn
    .select({ sealed: groupCredentialVersions.sealed })
    .from(groupCredentialVersions)
    .where(and(eq(groupCredentialVersions.researchGroupId, researchGroupId), eq(groupCredentialVersions.version, version)));
  if (!v) throw new Error('current group credential version missing');
  return boxFor(ctx).open(v.sealed, researchGroupId, version);
}
