import type { TFunction } from 'i18next';
import type { z } from 'zod';
import type { FieldIssue } from '../../shared/validation.js';
import type { Reason } from '../../shared/validation.js';
import { ApiError } from '../api/client.js';

/** Field name → message shown under that field. Nested paths are joined with dots (`roles.0.unitId`). */
export type FieldErrors = Record<string, string>;

/** What a message needs from an issue: a zod issue found in the browser, or one the server reported. */
export type IssueLike = Pick<FieldIssue, 'code' | 'origin' | 'format' | 'message'> & { minimum?: unknown; maximum?: unknown };

const REASON_KEYS: Record<Reason, string> = {
  CODE_CHARS: 'validation.code',
  KANA_ONLY: 'validation.kana',
  KEY_CHARS: 'validation.key',
  ISO_CONTROL: 'validation.isoControl',
  VERSION: 'validation.version',
  COLOR_HEX: 'validation.colorHex',
  PARTIAL_DATE: 'validation.partialDate',
  HTTP_URL: 'validation.httpUrl',
  JA_OR_EN: 'validation.jaOrEn',
  PASSWORD_MISMATCH: 'validation.passwordMismatch',
};

/**
 * Turns one issue into a translated message, from its code and parameters alone (zod's own
 * messages are English-only): a pattern refused for a `Reason` says which rule it broke.
 */
export function issueMessage(issue: IssueLike, t: TFunction): string {
  const reason = issue.message && issue.message in REASON_KEYS ? REASON_KEYS[issue.message as Reason] : null;
  if (reason) return t(reason);
  const min = Number(issue.minimum);
  const max = Number(issue.maximum);
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string' && min <= 1) return t('validation.required');
      if (issue.origin === 'string') return t('validation.tooShort', { min });
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') return t('validation.atLeast', { min });
      return t('validation.required');
    case 'too_big':
      if (issue.origin === 'string') return t('validation.tooLong', { max });
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') return t('validation.atMost', { max });
      return t('validation.tooMany', { max });
    case 'invalid_format':
      if (issue.format === 'email') return t('validation.email');
      if (issue.format === 'uuid') return t('validation.select');
      if (issue.format === 'date' || issue.format === 'datetime') return t('validation.date');
      return t('validation.format');
    case 'invalid_value':
    case 'invalid_union':
      return t('validation.select');
    case 'invalid_type':
      return t('validation.required');
    default:
      return t('validation.format');
  }
}

/** Collects the first message per field from a failed safeParse. */
export function zodFieldErrors(error: z.ZodError, t: TFunction): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || '_form';
    if (!(key in out)) out[key] = issueMessage(issue, t);
  }
  return out;
}

/** Strips a request-part prefix (`body.`, `/body/`) from a server issue path. */
function normalizePath(path: string): string {
  return path
    .replace(/^\//, '')
    .replace(/\//g, '.')
    .replace(/^body\./, '')
    .replace(/\[(\d+)\]/g, '.$1');
}

/**
 * Maps a server error onto form fields: validation details by path, duplicates onto the field
 * that must be unique. Returns null when the error does not belong to any field.
 */
export function serverFieldErrors(error: unknown, t: TFunction, known: readonly string[]): FieldErrors | null {
  if (!(error instanceof ApiError)) return null;
  if (error.code === 'DUPLICATE_CODE' && known.includes('code')) return { code: t('errors.DUPLICATE_CODE') };
  if (error.code === 'DUPLICATE_EMAIL' && known.includes('email')) return { email: t('errors.DUPLICATE_EMAIL') };
  if (error.code === 'PASSWORD_TOO_WEAK' && known.includes('password')) return { password: t('errors.PASSWORD_TOO_WEAK') };
  if (error.status !== 400) return null;
  const out: FieldErrors = {};
  for (const issue of error.fieldIssues) {
    const path = normalizePath(issue.path);
    const field = known.find((k) => path === k || path.startsWith(`${k}.`));
    if (field && !(path in out)) out[path] = issue.code ? issueMessage(issue, t) : t('validation.server', { message: issue.message });
  }
  return Object.keys(out).length ? out : null;
}
