import { asc, eq } from 'drizzle-orm';
import { STAFF_ROLES, type Role } from '../../../shared/roles.js';
import type { Conn } from '../../db/client.js';
import { people, roleAssignments, type accessReviewItems } from '../../db/schema/index.js';
import type { CampaignRow } from './reviews.read.js';

type NewItem = typeof accessReviewItems.$inferInsert;
/** Roles the data center reviews when a campaign includes staff and contractors. */
const CENTRAL_ROLES: Role[] = [...STAFF_ROLES, 'contractor'];

/** One item per role to review: researchers by their institution's coordinators, the rest by the data center. */
export async function generateItems(tx: Conn, c: CampaignRow, scope: string[] | null, includeStaff: boolean): Promise<NewItem[]> {
  const rows = await tx
    .select({ r: roleAssignments, p: people })
    .from(roleAssignments)
    .innerJoin(people, eq(people.id, roleAssignments.personId))
    .where(eq(people.active, true))
    .orderBy(asc(people.familyNameKana), asc(people.id), asc(roleAssignments.createdAt));
  const coordinated = new Set(rows.filter(({ r }) => r.role === 'site_coordinator' && r.institutionId).map(({ r }) => r.institutionId as string));
  const inScope = (inst: string | null) => !!inst && (!scope || scope.includes(inst));
  const out: NewItem[] = [];
  for (const { r, p } of rows) {
    const role = r.role as Role;
    const base = {
      campaignId: c.id,
      personId: p.id,
      personNameJa: `${p.familyNameJa} ${p.givenNameJa}`.trim(),
      personNameEn: `${p.givenNameEn} ${p.familyNameEn}`.trim(),
      personEmail: p.email,
      role,
      institutionId: r.institutionId,
      researchGroupId: r.researchGroupId,
      unitId: r.unitId,
    };
    if (role === 'researcher' && inScope(r.institutionId)) {
      const has = coordinated.has(r.institutionId!);
      out.push({ ...base, reviewer: has ? 'site_coordinator' : 'data_center', flagged: !has });
    } else if (role === 'site_coordinator' && inScope(r.institutionId)) {
      out.push({ ...base, reviewer: 'data_center', flagged: false });
    } else if (includeStaff && CENTRAL_ROLES.includes(role)) {
      out.push({ ...base, reviewer: 'data_center', flagged: false });
    }
  }
  return out;
}
