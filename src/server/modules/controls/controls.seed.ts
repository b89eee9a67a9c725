import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Clock } from '../../clock.js';
import type { Conn, Db } from '../../db/client.js';
import { controlCatalogueSeeds, controlClauses, controlLaws, controls, laws, units } from '../../db/schema/index.js';
import { CATALOGUE, CATALOGUE_VERSION, defaultJustification } from './controls.catalogue.js';

/** Serialises seeding across app nodes sharing one PostgreSQL. */
const SEED_LOCK = 727_532;

/**
 * Pre-fills the control catalogue once per catalogue version: inserts the controls whose codes are
 * not taken, with their clause links, law links (laws found by the register's seed keys) and, when
 * exactly one unit of the suggested kind exists, their owner unit. Idempotent, and a control deleted
 * after seeding does not come back (the applied version is recorded). Returns how many it added.
 */
export async function seedControlCatalogue(db: Db, clock: Clock): Promise<number> {
  const [done] = await db.select({ v: controlCatalogueSeeds.version }).from(controlCatalogueSeeds).where(eq(controlCatalogueSeeds.version, CATALOGUE_VERSION));
  if (done) return 0;
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK})`);
    const [again] = await tx.select({ v: controlCatalogueSeeds.version }).from(controlCatalogueSeeds).where(eq(controlCatalogueSeeds.version, CATALOGUE_VERSION));
    if (again) return 0;
    const now = clock.now();
    const owners = await uniqueUnitsByKind(tx);
    const inserted = await tx
      .insert(controls)
      .values(
        CATALOGUE.map((c) => {
          const j = defaultJustification(c);
          return {
            code: c.code,
            family: c.family,
            titleJa: c.titleJa,
            titleEn: c.titleEn,
            descriptionJa: c.descriptionJa,
            descriptionEn: c.descriptionEn,
            isoRefs: c.iso,
            defaultOwnerKind: c.owner,
            ownerUnitId: c.owner ? (owners.get(c.owner) ?? null) : null,
            status: 'not_started',
            applicable: true,
            justificationJa: j.ja,
            justificationEn: j.en,
            seeded: true,
            createdAt: now,
            updatedAt: now,
          };
        }),
      )
      .onConflictDoNothing({ target: controls.code })
      .returning({ id: controls.id, code: controls.code });
    const idOf = new Map(inserted.map((r) => [r.code, r.id]));
    const clauseRows = CATALOGUE.flatMap((c) => (idOf.has(c.code) ? c.clauses.map((clauseId) => ({ controlId: idOf.get(c.code)!, clauseId })) : []));
    if (clauseRows.length) await tx.insert(controlClauses).values(clauseRows).onConflictDoNothing();
    const keys = [...new Set(CATALOGUE.flatMap((c) => c.laws))];
    const lawRows = keys.length ? await tx.select({ id: laws.id, key: laws.seedKey }).from(laws).where(inArray(laws.seedKey, keys)) : [];
    const lawOf = new Map(lawRows.map((l) => [l.key, l.id]));
    const linkRows = CATALOGUE.flatMap((c) => (idOf.has(c.code) ? c.laws.flatMap((k) => (lawOf.has(k) ? [{ controlId: idOf.get(c.code)!, lawId: lawOf.get(k)! }] : [])) : []));
    if (linkRows.length) await tx.insert(controlLaws).values(linkRows).onConflictDoNothing();
    await tx.insert(controlCatalogueSeeds).values({ version: CATALOGUE_VERSION, seededAt: now, controls: inserted.length });
    return inserted.length;
  });
}

/** The one active unit of each kind, where there is exactly one (several: the manager chooses). */
export async function uniqueUnitsByKind(conn: Conn): Promise<Map<string, string>> {
  const rows = await conn.select({ id: units.id, kind: units.kind }).from(units).where(and(eq(units.active, true), inArray(units.kind, ['data_center', 'operations_office'])));
  const out = new Map<string, string>();
  for (const kind of ['data_center', 'operations_office']) {
    const of = rows.filter((r) => r.kind === kind);
    if (of.length === 1) out.set(kind, of[0]!.id);
  }
  return out;
}

/** Controls still waiting for an owner unit whose suggested kind now resolves to one unit. */
export async function unownedWithSuggestion(conn: Conn) {
  return conn.select({ id: controls.id, kind: controls.defaultOwnerKind }).from(controls).where(and(isNull(controls.ownerUnitId), sql`${controls.defaultOwnerKind} is not null`));
}
