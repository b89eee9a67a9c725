import type { ClockKind } from '../../../shared/incidents.js';
import type { IncidentHooks } from '../incidents/public.js';
import { clocksBlockingClose, realignClocks } from './breach.clocks.js';
import { CLOCK_LABEL } from './breach.words.js';

/**
 * Breach reporting's part in an incident's workflow (see incidents' IncidentHooks): a reporting
 * clock neither done nor waived keeps the incident open; a corrected awareness date moves the
 * clocks that count from it, noted on the timeline and in the change's audit entry.
 */
export const breachIncidentHooks: IncidentHooks = {
  closeBlockers: async (conn, incidentId) => ({ pendingClocks: await clocksBlockingClose(conn, incidentId) }),
  awarenessCorrected: async (tx, incident, now, actor) => {
    const clocks = await realignClocks(tx, incident, now, actor);
    if (!clocks.length) return null;
    const kinds = clocks.map((c) => c.kind as ClockKind);
    const text = `把握日の訂正により期限を変更：${kinds.map((k) => CLOCK_LABEL.ja[k]).join('、')} / Deadlines moved after the awareness date was corrected: ${kinds.map((k) => CLOCK_LABEL.en[k]).join(', ')}`;
    return { event: { type: 'clock', text, data: { clocks } }, details: { clocks } };
  },
};
