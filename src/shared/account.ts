import { z } from 'zod';
import { STAFF_ROLES, type Role } from './roles.js';

/**
 * A personal account's life (P32-2.1.3): none (a registry entry without sign-in) → invited →
 * active ⇄ suspended → offboarded. Only an active account, before its expiry date, signs in.
 */
export const AccountStatus = z.enum(['none', 'invited', 'active', 'suspended', 'offboarded']);
export type AccountStatus = z.infer<typeof AccountStatus>;

/** Why an account is suspended. */
export const SuspendedReason = z.enum(['manual', 'dormant', 'expired', 'sanction']);
export type SuspendedReason = z.infer<typeof SuspendedReason>;

/**
 * What a signed-in person must do before anything else: choose a new password (after a credential
 * loss or a reset), enroll an authenticator (when MFA is required for them), sign the current
 * onboarding pledge. Routes marked `allowPending` stay reachable meanwhile; the rest answer 403
 * ACCOUNT_SETUP_REQUIRED. Last comes 'training': a course the account requires has not been passed
 * (P32-6, src/server/modules/training/training.gate.ts); then only routes marked `allowTraining`
 * (the course player, my tasks) stay reachable and the rest answer 403 TRAINING_REQUIRED.
 */
export const Requirement = z.enum(['password', 'mfa_enroll', 'pledge', 'training']);
export type Requirement = z.infer<typeof Requirement>;

/** The onboarding pledge version people must have signed; bump it when the pledge's text changes. */
export const PLEDGE_VERSION = '2026-11';

export const Language = z.enum(['ja', 'en']);
export type Language = z.infer<typeof Language>;

/** MFA is mandatory for central staff and the manager; for everyone else it follows MFA_REQUIRED_FOR_RESEARCHERS. */
export function mfaRequiredFor(roles: readonly Role[], researchersRequired: boolean): boolean {
  if (roles.some((r) => STAFF_ROLES.includes(r))) return true;
  return researchersRequired;
}
