import { z } from 'zod';

/**
 * Signals that a personal account may be shared (P32-2.1.3a: never tell or share an account):
 * sessions of the same account open at the same time from different networks, and more browsers
 * or devices than one person usually uses. A signal is a reason to ask, not proof.
 */
export const SharingSignalsQuery = z.object({
  days: z.coerce.number().int().min(1).max(365).default(30),
  /** Distinct devices within the window from which an account counts as "many devices". */
  deviceThreshold: z.coerce.number().int().min(2).max(50).default(4),
});
export type SharingSignalsQuery = z.infer<typeof SharingSignalsQuery>;

export const SharingSignalDto = z.object({
  personId: z.uuid(),
  familyNameJa: z.string(),
  givenNameJa: z.string(),
  familyNameEn: z.string(),
  givenNameEn: z.string(),
  email: z.string(),
  /** Pairs of sessions from different IP addresses that were open at the same time. */
  concurrentPairs: z.number().int(),
  /** The IP addresses of those overlapping sessions. */
  concurrentIps: z.array(z.string()),
  /** When the latest overlap began. */
  lastOverlapAt: z.string().nullable(),
  /** Distinct IP addresses that signed in within the window. */
  distinctIps: z.number().int(),
  /** Distinct browsers/devices (device cookies) used within the window. */
  devices: z.number().int(),
});
export type SharingSignalDto = z.infer<typeof SharingSignalDto>;

export const SharingSignalList = z.object({
  items: z.array(SharingSignalDto),
  days: z.number().int(),
  deviceThreshold: z.number().int(),
});
export type SharingSignalList = z.infer<typeof SharingSignalList>;
