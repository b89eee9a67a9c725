import { z } from 'zod';

/**
 * The vocabulary of incidents (P32-2.1.1, P32-4) and breach reporting (APPI). Labels are in
 * src/web/routes/incidents/messages.{ja,en}.json; server-side words (emails, PDFs) in the modules.
 */
export const IncidentKind = z.enum([
  'lost_device', // a lost or stolen PC, USB memory, phone, paper
  'misdelivery', // email, fax, post sent to the wrong person
  'unauthorized_access', // someone got in who should not have
  'malware', // ransomware, a virus
  'credential_loss', // a lost account or password (P32-2.1.3b), opened from the accounts module
  'credential_sharing', // an account or group ID shared (P32-2.1.3a, d)
  'data_alteration', // research data changed or destroyed (integrity)
  'system_outage', // availability (P32-1.2.3)
  'physical', // break-in, a door left open, a disaster
  'other',
]);
export type IncidentKind = z.infer<typeof IncidentKind>;

export const IncidentStatus = z.enum(['reported', 'triaged', 'contained', 'investigating', 'resolved', 'closed', 'dismissed']);
export type IncidentStatus = z.infer<typeof IncidentStatus>;
/** Statuses in which an incident is still being worked on. */
export const OPEN_INCIDENT_STATUSES: readonly IncidentStatus[] = ['reported', 'triaged', 'contained', 'investigating', 'resolved'];

export const IncidentSeverity = z.enum(['low', 'medium', 'high', 'critical']);
export type IncidentSeverity = z.infer<typeof IncidentSeverity>;

export const IncidentEventType = z.enum([
  'reported',
  'detection',
  'containment',
  'communication',
  'decision',
  'status_changed',
  'severity_changed',
  'assigned',
  'link_added',
  'link_removed',
  'assessment',
  'clock',
  'action',
  'note',
]);
export type IncidentEventType = z.infer<typeof IncidentEventType>;

export const IncidentLinkKind = z.enum(['asset', 'risk', 'study', 'person', 'law', 'institution']);
export type IncidentLinkKind = z.infer<typeof IncidentLinkKind>;

/** The breach-reporting clocks (APPI Art. 26 and its rules; the group's own recipients). */
export const ClockKind = z.enum([
  'ppc_preliminary', // PPC preliminary report (速報): promptly, about 3–5 days
  'ppc_final', // PPC final report (確報): 30 days, 60 where a wrongful purpose is suspected
  'notify_subjects', // notice to the people affected (本人通知)
  'ethics_committee', // the ethics review committee
  'institution_heads', // heads of the institutions involved
  'sponsor', // the study's sponsor / funder
  'steering_committee', // the group's steering committee (P32-7, P32-3)
]);
export type ClockKind = z.infer<typeof ClockKind>;
