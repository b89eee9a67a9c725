import { CLAUSES, FEATURES, type Clause, type FeatureKey } from '../../../shared/clauses.js';
import type { ClauseMapControl, ClauseMapDto, ControlStatus } from '../../../shared/controls.js';

/** What keeps a clause from being fully met, worst first. */
export type Gap =
  | { kind: 'no_control' }
  | { kind: 'not_implemented'; codes: string[] }
  | { kind: 'evidence_expired'; codes: string[] }
  | { kind: 'no_evidence'; codes: string[] }
  | { kind: 'planned_feature'; features: FeatureKey[] };

export type ClauseLevel = 'met' | 'partial' | 'gap';

export interface FeatureState {
  key: FeatureKey;
  path: string;
  available: boolean;
}

export interface ClauseAnalysis {
  clause: Clause;
  depth: number;
  controls: ClauseMapControl[];
  applicable: ClauseMapControl[];
  features: FeatureState[];
  counts: Record<Exclude<ControlStatus, 'not_applicable'>, number>;
  /** Share of applicable controls in place (partly implemented counts half), 0–1; null without any. */
  coverage: number | null;
  gaps: Gap[];
  level: ClauseLevel;
}

/**
 * The clause map's reading of the data: for each clause, its controls and features and what is
 * missing. A clause is met when it has applicable controls, all implemented, none with expired or
 * missing evidence, and every feature it relies on exists; it is a gap when no applicable control
 * backs it at all; otherwise it is partly met.
 */
export function analyseClauses(map: ClauseMapDto, featureAvailable: (key: FeatureKey) => boolean): ClauseAnalysis[] {
  const byId = new Map(map.clauses.map((c) => [c.clauseId, c.controls]));
  return CLAUSES.map((clause) => {
    const controls = byId.get(clause.id) ?? [];
    const applicable = controls.filter((c) => c.applicable);
    const counts = { implemented: 0, partial: 0, planned: 0, not_started: 0 };
    for (const c of applicable) if (c.status !== 'not_applicable') counts[c.status]++;
    const features = clause.features.map((key) => ({ key, path: FEATURES[key].path, available: featureAvailable(key) }));
    const gaps: Gap[] = [];
    if (applicable.length === 0) gaps.push({ kind: 'no_control' });
    const open = applicable.filter((c) => c.status !== 'implemented');
    if (open.length) gaps.push({ kind: 'not_implemented', codes: open.map((c) => c.code) });
    const expired = applicable.filter((c) => c.evidenceState === 'expired');
    if (expired.length) gaps.push({ kind: 'evidence_expired', codes: expired.map((c) => c.code) });
    const unproven = applicable.filter((c) => c.status === 'implemented' && c.evidenceState === 'none');
    if (unproven.length) gaps.push({ kind: 'no_evidence', codes: unproven.map((c) => c.code) });
    const planned = features.filter((f) => !f.available).map((f) => f.key);
    if (planned.length) gaps.push({ kind: 'planned_feature', features: planned });
    const coverage = applicable.length ? (counts.implemented + counts.partial / 2) / applicable.length : null;
    return {
      clause,
      depth: clause.parent ? 1 : 0,
      controls,
      applicable,
      features,
      counts,
      coverage,
      gaps,
      level: applicable.length === 0 ? 'gap' : gaps.length ? 'partial' : 'met',
    };
  });
}

/** Whether a feature's page exists: a feature not marked planned, or a planned one whose page has since been built. */
export function featureAvailability(hasPage: (path: string) => boolean): (key: FeatureKey) => boolean {
  return (key) => {
    const f = FEATURES[key] as { path: string; planned?: boolean };
    return !f.planned || hasPage(f.path);
  };
}
