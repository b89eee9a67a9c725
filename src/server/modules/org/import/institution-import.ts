import { CreateInstitution } from '../../../../shared/org.js';
import { findPrefecture } from '../../../../shared/prefectures.js';
import type { AppContext } from '../../../context.js';
import { institutions } from '../../../db/schema/index.js';
import { makeRegistries } from '../registries.js';
import { INSTITUTION_COLUMNS } from './import-columns.js';
import { DuplicateCheck, PROGRESS_BATCH, RowCheck, type Importer, type Plan, type WriteOp } from './importer.js';

/** A planned institution write: the whole row is the new state (every column is required). */
export type InstitutionOp = WriteOp<CreateInstitution, CreateInstitution>;

const FIELDS = ['code', 'nameJa', 'nameEn', 'prefecture'] as const;
const PREFECTURE_HELP = 'Use a JIS code (01–47, e.g. 13), a Japanese name (東京都 or 東京) or an English name (Tokyo).';

/**
 * Institutions, upserted by code. An existing institution whose row changes nothing is left
 * alone (no write, no audit entry); a deactivated one is updated and stays deactivated.
 */
export function institutionImporter(ctx: AppContext): Importer<InstitutionOp> {
  const registry = makeRegistries(ctx).institutions;
  return {
    columns: INSTITUTION_COLUMNS,

    async plan(conn, _actor, table, progress) {
      const existing = new Map((await conn.select().from(institutions)).map((r) => [r.code, r]));
      const codes = new DuplicateCheck('code');
      const plan: Plan<InstitutionOp> = { rows: [], problems: [] };
      for (const [i, { row, values, overflow }] of table.rows.entries()) {
        const rc = new RowCheck(row, table, overflow);
        rc.required(values, FIELDS);
        const prefecture = values.prefecture ? findPrefecture(values.prefecture) : undefined;
        if (values.prefecture && !prefecture) rc.add('prefecture', 'INVALID', `Unknown prefecture "${values.prefecture}". ${PREFECTURE_HELP}`);
        const parsed = CreateInstitution.safeParse({ code: values.code, nameJa: values.nameJa, nameEn: values.nameEn, prefecture });
        if (!parsed.success) rc.schema(parsed.error, values);
        if (values.code) codes.check(rc, 'code', values.code);
        if (rc.ok && parsed.success) {
          const input = parsed.data;
          const before = existing.get(input.code);
          const same = before && FIELDS.every((f) => before[f] === input[f]);
          plan.rows.push({ row, op: same ? null : before ? { row, id: before.id, input } : { row, id: null, input } });
        }
        plan.problems.push(...rc.problems);
        if ((i + 1) % PROGRESS_BATCH === 0) await progress(i + 1);
      }
      return plan;
    },

    async write(tx, actor, op) {
      if (op.id === null) {
        await registry.createInTx(tx, actor, op.input);
        return 'created';
      }
      await registry.updateInTx(tx, actor, op.id, op.input);
      return 'updated';
    },
  };
}
