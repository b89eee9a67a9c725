import { asc, eq } from 'drizzle-orm';
import type { OrgOptionsDto } from '../../../shared/org.js';
import type { Actor } from '../../authz/actor.js';
import type { AppContext } from '../../context.js';
import { committees, institutions, researchGroups, units } from '../../db/schema/index.js';

/** The active units, institutions, research groups and committees, by code (for pickers). */
export class OrgOptionsService {
  constructor(private readonly ctx: AppContext) {}

  async options(actor: Actor): Promise<OrgOptionsDto> {
    await this.ctx.authz.require(actor, 'org.read');
    const db = this.ctx.db;
    const [u, i, g, c] = await Promise.all([
      db.select({ id: units.id, code: units.code, nameJa: units.nameJa, nameEn: units.nameEn, kind: units.kind }).from(units).where(eq(units.active, true)).orderBy(asc(units.code)),
      db.select({ id: institutions.id, code: institutions.code, nameJa: institutions.nameJa, nameEn: institutions.nameEn }).from(institutions).where(eq(institutions.active, true)).orderBy(asc(institutions.code)),
      db.select({ id: researchGroups.id, code: researchGroups.code, nameJa: researchGroups.nameJa, nameEn: researchGroups.nameEn }).from(researchGroups).where(eq(researchGroups.active, true)).orderBy(asc(researchGroups.code)),
      db.select({ id: committees.id, code: committees.code, nameJa: committees.nameJa, nameEn: committees.nameEn }).from(committees).where(eq(committees.active, true)).orderBy(asc(committees.code)),
    ]);
    return { units: u, institutions: i, researchGroups: g, committees: c };
  }
}
