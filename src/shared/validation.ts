/**
 * Reasons a value is refused that zod's own issue codes do not name. Schemas use them as the
 * message of a pattern check (`.regex(re, Reason.KANA_ONLY)`); the web app translates them as
 * `validation.reason.<code>`, whether the issue was found in the browser or by the server.
 */
export const Reason = {
  /** A code: letters, digits and . _ -, starting with a letter or digit. */
  CODE_CHARS: 'CODE_CHARS',
  /** Katakana or hiragana only (a reading of a name). */
  KANA_ONLY: 'KANA_ONLY',
  /** A key: lower-case letters, digits and _, starting with a letter. */
  KEY_CHARS: 'KEY_CHARS',
  /** An ISO/IEC 27002:2022 control number such as 8.24. */
  ISO_CONTROL: 'ISO_CONTROL',
  /** A version label such as 1.0 or 2.1. */
  VERSION: 'VERSION',
  /** A colour as #rrggbb. */
  COLOR_HEX: 'COLOR_HEX',
  /** A date known to the year, the month or the day: 2024, 2024-10, 2024-10-01. */
  PARTIAL_DATE: 'PARTIAL_DATE',
  /** An http(s) address. */
  HTTP_URL: 'HTTP_URL',
  /** A text needed in Japanese or English (at least one of the two). */
  JA_OR_EN: 'JA_OR_EN',
  /** A password typed a second time that differs from the first. */
  PASSWORD_MISMATCH: 'PASSWORD_MISMATCH',
} as const;
export type Reason = (typeof Reason)[keyof typeof Reason];

/** One problem with one field of a request, as the server reports it in a 400 VALIDATION_FAILED. */
export interface FieldIssue {
  /** Dotted path of the field (`roles.0.unitId`), after the request part (`body.`, `querystring.`). */
  path: string;
  /** zod's issue code: too_small, too_big, invalid_format, invalid_value, invalid_type, custom… */
  code?: string;
  /** What kind of value was checked (string, number, array, date). */
  origin?: string;
  minimum?: number;
  maximum?: number;
  /** For invalid_format: email, uuid, regex, date… */
  format?: string;
  /** zod's English message, or a `Reason` code. */
  message: string;
}
