import { z } from 'zod';
import { Requirement } from './account.js';
import { withConfirmation } from './identity.js';
import { Role } from './roles.js';

export const SignIn = z.object({
  email: z.string().trim().toLowerCase().max(254),
  password: z.string().min(1).max(1024),
});
export type SignIn = z.infer<typeof SignIn>;

/** The sign-in form: the request, with an email address required. */
export const SignInForm = SignIn.extend({ email: SignIn.shape.email.min(1) });

export const CompleteSetup = z.object({
  token: z.string().min(16).max(200),
  familyNameJa: z.string().trim().min(1).max(100),
  givenNameJa: z.string().trim().max(100).default(''),
  familyNameEn: z.string().trim().min(1).max(100),
  givenNameEn: z.string().trim().max(100).default(''),
  email: z.string().trim().toLowerCase().pipe(z.email().max(254)),
  // Length and content are checked by the password policy (400 PASSWORD_TOO_WEAK with the reason).
  password: z.string().min(1).max(1024),
});
export type CompleteSetup = z.infer<typeof CompleteSetup>;

/** The first-run setup form: the request with the password typed twice. */
export const SetupForm = withConfirmation(CompleteSetup, 'password');

export const SessionDto = z.object({
  authenticated: z.boolean(),
  setupRequired: z.boolean(),
  csrfToken: z.string(),
  person: z
    .object({
      id: z.uuid(),
      familyNameJa: z.string(),
      givenNameJa: z.string(),
      familyNameEn: z.string(),
      givenNameEn: z.string(),
      email: z.string(),
      roles: z.array(Role),
    })
    .nullable(),
  permissions: z.array(z.string()),
  expiresAt: z.string().nullable(),
  /** 'mfa' while the second factor is still to be given after the password. */
  stage: z.enum(['full', 'mfa']).default('full'),
  /** Steps the person must complete before the rest of Mamori opens (see src/shared/account.ts). */
  requirements: z.array(Requirement).default([]),
});
export type SessionDto = z.infer<typeof SessionDto>;
