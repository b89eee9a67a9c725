import { describe, expect, it } from 'vitest';
import { CLAUSES } from '../../../shared/clauses.js';
import type { ClauseMapControl, ClauseMapDto } from '../../../shared/controls.js';
import { analyseClauses, featureAvailability } from './clause-map.model.js';

const control = (code: string, over: Partial<ClauseMapControl> = {}): ClauseMapControl => ({ id: code, code, family: 'technical', titleJa: code, titleEn: code, status: 'implemented', applicable: true, evidenceState: 'valid', ...over });
const map = (links: Record<string, ClauseMapControl[]>): ClauseMapDto => ({ clauses: CLAUSES.map((c) => ({ clauseId: c.id, controls: links[c.id] ?? [] })) });
const all = () => true;

describe('the clause map', () => {
  it('lists every clause, a clause without applicable controls being a gap', () => {
    const rows = analyseClauses(map({ 'P32-1.1': [control('A', { applicable: false, status: 'not_applicable' })] }), all);
    expect(rows.map((r) => r.clause.id)).toEqual(CLAUSES.map((c) => c.id));
    const r = rows.find((x) => x.clause.id === 'P32-1.1')!;
    expect(r.level).toBe('gap');
    expect(r.gaps[0]).toEqual({ kind: 'no_control' });
    expect(r.coverage).toBeNull();
  });

  it('is met only with every applicable control implemented, evidenced and in date', () => {
    const rows = analyseClauses(
      map({
        'P32-1.2.1': [control('A'), control('B')],
        'P32-1.2.2': [control('A'), control('C', { status: 'partial' })],
        'P32-1.2.3': [control('D', { evidenceState: 'expired' })],
        'P32-1.3': [control('E', { evidenceState: 'none' })],
      }),
      all,
    );
    const by = (id: string) => rows.find((r) => r.clause.id === id)!;
    expect(by('P32-1.2.1')).toMatchObject({ level: 'met', coverage: 1, gaps: [] });
    expect(by('P32-1.2.2')).toMatchObject({ level: 'partial', coverage: 0.75, gaps: [{ kind: 'not_implemented', codes: ['C'] }] });
    expect(by('P32-1.2.3').gaps).toEqual([{ kind: 'evidence_expired', codes: ['D'] }]);
    expect(by('P32-1.3').gaps).toEqual([{ kind: 'no_evidence', codes: ['E'] }]);
  });

  it('shows planned features as gaps until their page exists', () => {
    const noPages = featureAvailability(() => false);
    const r = analyseClauses(map({ 'P32-8': [control('A')] }), noPages).find((x) => x.clause.id === 'P32-8')!;
    expect(r.gaps).toEqual([{ kind: 'planned_feature', features: ['management_reviews'] }]);
    expect(r.level).toBe('partial');
    const built = featureAvailability((p) => p === '/management-reviews');
    expect(analyseClauses(map({ 'P32-8': [control('A')] }), built).find((x) => x.clause.id === 'P32-8')!.level).toBe('met');
    // a feature already available stays so
    expect(noPages('audit_log')).toBe(true);
  });
});
