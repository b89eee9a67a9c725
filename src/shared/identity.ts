import { z } from 'zod';
import { Reason } from './validation.js';

/** Why a password was refused (400 PASSWORD_TOO_WEAK, details.reason). */
export const PasswordRejection = z.enum(['too_short', 'too_long', 'common', 'personal']);
export type PasswordRejectionReason = z.infer<typeof PasswordRejection>;

/** The second sign-in step: a code from the authenticator app, or one of the recovery codes. */
export const MfaStep = z.union([
  z.object({ code: z.string().trim().regex(/^\d{6}$/) }).strict(),
  z.object({ recoveryCode: z.string().trim().min(8).max(40) }).strict(),
]);
export type MfaStep = z.infer<typeof MfaStep>;

export const ChangePassword = z.object({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(1).max(1024),
  endOtherSessions: z.boolean().default(false),
});
export type ChangePassword = z.infer<typeof ChangePassword>;

/**
 * A form that asks for a new password twice: `confirm` must equal `field` (refused with
 * Reason.PASSWORD_MISMATCH, unless the password itself is already refused).
 */
export function withConfirmation<T extends z.ZodRawShape, K extends keyof T & string>(schema: z.ZodObject<T>, field: K) {
  return schema.extend({ confirm: z.string() }).refine((v) => (v as Record<string, unknown>).confirm === (v as Record<string, unknown>)[field], {
    path: ['confirm'],
    message: Reason.PASSWORD_MISMATCH,
    when: (payload) => !payload.issues.some((i) => i.path?.[0] === field),
  });
}

/** The change-password form: the request with the new password typed twice. */
export const ChangePasswordForm = withConfirmation(ChangePassword, 'newPassword');

export const TotpCode = z.object({ code: z.string().trim().regex(/^\d{6}$/) });
export type TotpCode = z.infer<typeof TotpCode>;

/** A new TOTP enrollment: the QR code (SVG data URL) and the same secret as text for manual entry. */
export const MfaEnrollment = z.object({
  secret: z.string(),
  otpauthUri: z.string(),
  qrSvgDataUrl: z.string(),
});
export type MfaEnrollment = z.infer<typeof MfaEnrollment>;

/** Shown once, right after enrollment or regeneration. */
export const RecoveryCodes = z.object({ codes: z.array(z.string()) });
export type RecoveryCodes = z.infer<typeof RecoveryCodes>;

export const SecurityOverview = z.object({
  passwordChangedAt: z.string().nullable(),
  passwordMinLength: z.number().int(),
  mfaRequired: z.boolean(),
  mfaEnrolledAt: z.string().nullable(),
  recoveryCodesLeft: z.number().int(),
});
export type SecurityOverview = z.infer<typeof SecurityOverview>;

export const SessionInfo = z.object({
  id: z.string(),
  browser: z.string(),
  os: z.string(),
  ip: z.string().nullable(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  current: z.boolean(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export const SessionList = z.object({ items: z.array(SessionInfo) });
export type SessionList = z.infer<typeof SessionList>;

export const EndedCount = z.object({ ended: z.number().int() });
export type EndedCount = z.infer<typeof EndedCount>;

/** The answer to a password change: how many of one's other sessions it ended. */
export const PasswordChanged = z.object({ endedSessions: z.number().int() });
export type PasswordChanged = z.infer<typeof PasswordChanged>;

/** One of one's own sessions, addressed by its id (the SHA-256 of its token, hex). */
export const SessionIdParam = z.object({ id: z.string().regex(/^[0-9a-f]{64}$/) });

/** The browser and operating system named by a User-Agent string (enough to tell one's devices apart). */
export function describeUserAgent(ua: string | null | undefined): { browser: string; os: string } {
  const s = ua ?? '';
  const browser = /Edg(e|A|iOS)?\//.test(s)
    ? 'Edge'
    : /OPR\//.test(s)
      ? 'Opera'
      : /Firefox\/|FxiOS\//.test(s)
        ? 'Firefox'
        : /Chrome\/|CriOS\//.test(s)
          ? /HeadlessChrome/.test(s)
            ? 'Chrome (headless)'
            : 'Chrome'
          : /Safari\//.test(s) && /Version\//.test(s)
            ? 'Safari'
            : s
              ? 'Other'
              : 'Unknown';
  const os = /iPhone|iPad|iPod/.test(s)
    ? 'iOS'
    : /Android/.test(s)
      ? 'Android'
      : /Windows/.test(s)
        ? 'Windows'
        : /Mac OS X|Macintosh/.test(s)
          ? 'macOS'
          : /CrOS/.test(s)
            ? 'ChromeOS'
            : /Linux/.test(s)
              ? 'Linux'
              : s
                ? 'Other'
                : 'Unknown';
  return { browser, os };
}
