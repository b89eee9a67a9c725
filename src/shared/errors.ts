/** Stable error codes shared by server, web and CLI. The web app translates each code (i18n key `errors.<CODE>`). */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'SESSION_EXPIRED',
  'FORBIDDEN',
  'CSRF_FAILED',
  'NOT_FOUND',
  'ROUTE_NOT_FOUND',
  'CONFLICT',
  'DUPLICATE_CODE',
  'DUPLICATE_EMAIL',
  'SIGN_IN_FAILED',
  'RATE_LIMITED',
  'SETUP_TOKEN_INVALID',
  'SETUP_ALREADY_DONE',
  'PASSWORD_TOO_WEAK',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'IMPORT_INVALID',
  'IMPORT_NOT_FOUND',
  'ACCOUNT_SETUP_REQUIRED',
  'MFA_REQUIRED',
  'INTERNAL',
  'UNAVAILABLE',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorBody {
  error: { code: ErrorCode; message: string; requestId: string; details?: unknown };
}
