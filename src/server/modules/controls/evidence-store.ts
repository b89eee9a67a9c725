import { EVIDENCE_WARNING_DAYS, type EvidenceState } from '../../../shared/controls.js';

const DAY = 86_400_000;

/** The last instant of a calendar day in Japan. */
export const endOfDayTokyo = (date: string) => new Date(`${date}T23:59:59.999+09:00`);
const startOfDayTokyo = (date: string) => new Date(`${date}T00:00:00+09:00`);

/** One evidence item's state at `now` (see EvidenceState). */
export function evidenceState(validUntil: string | null, now: Date): Exclude<EvidenceState, 'none'> {
  if (!validUntil) return 'valid';
  if (now.getTime() > endOfDayTokyo(validUntil).getTime()) return 'expired';
  if (now.getTime() >= startOfDayTokyo(validUntil).getTime() - EVIDENCE_WARNING_DAYS * DAY) return 'expiring';
  return 'valid';
}

const RANK: Record<EvidenceState, number> = { valid: 3, expiring: 2, expired: 1, none: 0 };
/** A control's evidence state: its best item's, or `none`. */
export function bestState(states: readonly EvidenceState[]): EvidenceState {
  return states.reduce<EvidenceState>((best, s) => (RANK[s] > RANK[best] ? s : best), 'none');
}
