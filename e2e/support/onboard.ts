import type { Page } from 'playwright-core';
import { base32Decode, totp } from '../../src/server/modules/identity/totp.js';

export interface OnboardOptions {
  /** A new password for the 'password' step (after a reset); required when that step comes. */
  newPassword?: string;
  /** The TOTP secret (base32) of an authenticator enrolled earlier, for the code step of sign-in. */
  secret?: string;
  /** Screenshots of each step are taken with this callback when given. */
  onStep?: (step: string) => Promise<void>;
}

/** The last 30-second step handed out per secret: Mamori refuses a step at or before the last one used. */
const lastStep = new Map<string, number>();
const STEP_MS = 30_000;

/**
 * A TOTP code Mamori will accept now: the current step's, or — when that was already handed out —
 * the next step's (Mamori allows one step of clock drift either way), so a test only waits when
 * two steps are already used up.
 */
export async function totpCode(secret: string, after?: string): Promise<string> {
  const key = base32Decode(secret);
  for (;;) {
    const current = Math.floor(Date.now() / STEP_MS);
    const step = Math.max(current, (lastStep.get(secret) ?? -Infinity) + 1);
    const code = totp(key, step * STEP_MS);
    if (step <= current + 1 && code !== after) {
      lastStep.set(secret, step);
      return code;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Types a 6-digit code into the PinInput on the page (it accepts a paste of the whole code). */
async function typeCode(page: Page, code: string): Promise<void> {
  const first = page.locator('input[inputmode="numeric"]').first();
  await first.click();
  await page.keyboard.type(code);
}

/**
 * Signs in at `${baseUrl}/sign-in` and completes /onboarding: the code step if an authenticator
 * is already registered (`opts.secret`), a new password if asked, the authenticator (the secret is
 * read from the page and codes computed with Mamori's TOTP module; recovery codes confirmed as
 * saved) and the pledge. Works in either UI language. Returns the TOTP secret (base32).
 */
export async function signInAndOnboard(page: Page, baseUrl: string, email: string, password: string, opts: OnboardOptions = {}): Promise<string> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.locator('input[type="email"]').fill(email);
  await page.locator('input[autocomplete="current-password"]').fill(password);
  await page.locator('form button[type="submit"]').click();
  const secret = opts.secret ?? '';
  let lastCode: string | undefined;
  const pin = page.locator('input[inputmode="numeric"]').first();
  const onboardingStep = page.locator('[data-testid^="onboarding-"]');
  const shell = page.getByRole('navigation').first();
  // The code step if an authenticator is registered, else onboarding or the signed-in shell.
  await Promise.race([pin.waitFor(), onboardingStep.waitFor(), shell.waitFor()]);
  if (new URL(page.url()).pathname.startsWith('/sign-in') && (await pin.isVisible())) {
    if (!secret) throw new Error('An authenticator is registered for this account: pass opts.secret.');
    await opts.onStep?.('sign-in-code');
    lastCode = await totpCode(secret);
    await typeCode(page, lastCode);
    await page.locator('form button[type="submit"]').click();
    await Promise.race([onboardingStep.waitFor(), shell.waitFor()]);
  }
  return completeOnboarding(page, password, { ...opts, secret });
}

/**
 * Completes /onboarding from wherever the page is after sign-in or setup (see signInAndOnboard);
 * `password` is the current password (for the 'password' step). Returns the TOTP secret.
 */
export async function completeOnboarding(page: Page, password: string, opts: OnboardOptions = {}): Promise<string> {
  let secret = opts.secret ?? '';
  let lastCode: string | undefined;
  const onboardingStep = page.locator('[data-testid^="onboarding-"]');
  const shell = page.getByRole('navigation').first();
  for (let i = 0; i < 4; i++) {
    await Promise.race([onboardingStep.waitFor(), shell.waitFor()]);
    if (!new URL(page.url()).pathname.startsWith('/onboarding')) return secret;
    const step = page.locator('[data-testid^="onboarding-"]');
    await step.waitFor();
    const which = (await step.getAttribute('data-testid'))!.replace('onboarding-', '');
    await opts.onStep?.(`onboarding-${which}`);
    if (which === 'password') {
      if (!opts.newPassword) throw new Error('The account must choose a new password: pass opts.newPassword.');
      await page.locator('input[autocomplete="current-password"]').fill(password);
      const fresh = page.locator('input[autocomplete="new-password"]');
      await fresh.nth(0).fill(opts.newPassword);
      await fresh.nth(1).fill(opts.newPassword);
      await step.locator('button[type="submit"]').click();
      await page.locator('[data-testid="onboarding-password"]').waitFor({ state: 'detached' });
    } else if (which === 'mfa_enroll') {
      await step.getByRole('button').first().click(); // "register an authenticator app"
      const shown = page.getByTestId('totp-secret');
      await shown.waitFor();
      secret = (await shown.innerText()).replace(/\s+/g, '');
      await opts.onStep?.('onboarding-mfa-qr');
      lastCode = await totpCode(secret);
      await typeCode(page, lastCode);
      await step.locator('button[type="submit"]').click();
      await page.getByTestId('recovery-codes').waitFor();
      await opts.onStep?.('onboarding-recovery-codes');
      await step.getByRole('checkbox').check();
      await step.getByRole('button', { name: /^(次へ|Continue)$/ }).click();
      await page.locator('[data-testid="onboarding-mfa_enroll"]').waitFor({ state: 'detached' });
    } else if (which === 'pledge') {
      await step.getByRole('checkbox').check();
      await step.getByRole('button', { name: /^(誓約に署名する|Sign the pledge)$/ }).click();
      await page.waitForURL((u) => !u.pathname.startsWith('/onboarding'));
    }
  }
  return secret;
}
