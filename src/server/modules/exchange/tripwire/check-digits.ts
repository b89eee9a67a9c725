/**
 * Check digits of Japanese identifiers.
 *
 * My Number (個人番号): 12 digits; the check digit is computed over the first 11 with weights
 * 6,5,4,3,2,7,6,5,4,3,2 left to right; r = Σ mod 11; check = 0 if r ≤ 1 else 11 − r
 * (the Cabinet Office ordinance on the individual number's check digit).
 *
 * Insurer number (保険者番号): 8 digits (法別番号 2 + 都道府県番号 2 + 保険者別番号 3 + 検証番号 1) or
 * 6 digits for National Health Insurance; the last digit is a Luhn (mod 10, weights 2,1,… from
 * the right) check digit over the others.
 */

const MY_NUMBER_WEIGHTS = [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

/** `digits` must be exactly 12 ASCII digits. */
export function myNumberValid(digits: string): boolean {
  if (digits.length !== 12) return false;
  let sum = 0;
  for (let i = 0; i < 11; i++) {
    const d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    sum += d * (MY_NUMBER_WEIGHTS[i] as number);
  }
  const r = sum % 11;
  const check = r <= 1 ? 0 : 11 - r;
  return digits.charCodeAt(11) - 48 === check;
}

/** The check digit a 11-digit My Number body needs (for tests and fixtures). */
export function myNumberCheckDigit(body11: string): number {
  let sum = 0;
  for (let i = 0; i < 11; i++) sum += (body11.charCodeAt(i) - 48) * (MY_NUMBER_WEIGHTS[i] as number);
  const r = sum % 11;
  return r <= 1 ? 0 : 11 - r;
}

/** Luhn check over all digits of `digits` (the last one being the check digit). */
export function luhnValid(digits: string): boolean {
  if (digits.length < 2) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** The Luhn check digit for `body` (for tests and fixtures). */
export function luhnCheckDigit(body: string): number {
  for (let c = 0; c <= 9; c++) if (luhnValid(body + c)) return c;
  return 0;
}

/** 保険者番号: 8 digits (or 6 for 国民健康保険) with a valid Luhn check digit. */
export function insurerNumberValid(digits: string): boolean {
  if (digits.length !== 8 && digits.length !== 6) return false;
  // All zeros passes Luhn but is never an insurer; a 8-digit number starts with a 法別番号 ≥ 01.
  if (/^0+$/.test(digits)) return false;
  if (digits.length === 8 && digits.startsWith('00')) return false;
  return luhnValid(digits);
}
