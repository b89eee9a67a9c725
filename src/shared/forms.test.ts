import { describe, expect, it } from 'vitest';
import { AcceptInvitationForm } from './accounts.js';
import { SetupForm, SignInForm } from './auth.js';
import { ChangePasswordForm } from './identity.js';
import { RegistrationChangeForm } from './registration.js';
import { Reason } from './validation.js';

const issues = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string; code: string }[] } }) =>
  (r.error?.issues ?? []).map((i) => ({ path: i.path.join('.'), code: i.code, message: i.message }));

describe('form schemas derived from the request schemas', () => {
  it('refuse a second password that differs, on the confirmation field, with a Reason code', () => {
    expect(issues(ChangePasswordForm.safeParse({ currentPassword: 'old', newPassword: 'new one', confirm: 'new onf' }))).toEqual([
      { path: 'confirm', code: 'custom', message: Reason.PASSWORD_MISMATCH },
    ]);
    expect(ChangePasswordForm.safeParse({ currentPassword: 'old', newPassword: 'new one', confirm: 'new one' }).success).toBe(true);
    expect(AcceptInvitationForm.safeParse({ password: 'a', confirm: 'a', language: 'en' }).data).toEqual({ password: 'a', confirm: 'a', language: 'en' });
  });

  it('report a missing password, not a mismatch, while other fields are refused too', () => {
    const r = SetupForm.safeParse({ token: 'x'.repeat(20), familyNameJa: '', familyNameEn: 'Kanri', email: 'kanri@example.jp', password: '', confirm: 'typed' });
    expect(issues(r).map((i) => i.path)).toEqual(['familyNameJa', 'password']);
    const mismatch = SetupForm.safeParse({ token: 'x'.repeat(20), familyNameJa: '', familyNameEn: 'Kanri', email: 'kanri@example.jp', password: 'p', confirm: 'q' });
    expect(issues(mismatch).map((i) => i.path)).toEqual(['familyNameJa', 'confirm']);
  });

  it('require an email address to sign in', () => {
    expect(issues(SignInForm.safeParse({ email: '  ', password: '' })).map((i) => [i.path, i.code])).toEqual([
      ['email', 'too_small'],
      ['password', 'too_small'],
    ]);
    expect(SignInForm.safeParse({ email: ' Kanri@Example.jp ', password: 'p' }).data).toEqual({ email: 'kanri@example.jp', password: 'p' });
  });

  it('check and keep only the chosen kind of registration change', () => {
    const values = { personId: null, note: '', change: { kind: 'email', email: ' New@Example.jp ', fromInstitutionId: '', familyNameJa: '名' } };
    expect(RegistrationChangeForm.parse(values).change).toEqual({ kind: 'email', email: 'new@example.jp' });
    expect(issues(RegistrationChangeForm.safeParse({ ...values, change: { kind: 'move', fromInstitutionId: '', effectiveDate: '' } })).map((i) => i.path)).toEqual([
      'change.fromInstitutionId',
      'change.toInstitutionId',
      'change.effectiveDate',
    ]);
  });
});
