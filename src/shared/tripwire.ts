import { z } from 'zod';

/**
 * The identifier tripwire: rules (stored configuration, edited by the data center) and findings
 * (where a direct identifier was seen, with the value masked). The scanner itself lives in
 * src/server/modules/exchange/tripwire/; these schemas let the server validate a stored config and
 * send findings to the browser.
 */

/** What kind of direct identifier a finding is. */
export const IdentifierKind = z.enum([
  /** 12-digit individual number with a valid check digit, near a word such as マイナンバー/個人番号. */
  'my_number',
  /** 保険者番号 (6 or 8 digits, Luhn check digit) near a word such as 保険者番号; or any value under a 被保険者番号 header. */
  'insurer_number',
  'phone',
  'postal_code',
  'address',
  /** A full date (year, month and day) that context says is a birth date. Birth year-month alone is allowed. */
  'birth_date',
  'email',
  'name',
  /** Initials of a person (T.Y., Y.T.さん) in free text or under an イニシャル header. */
  'initials',
  /** Medical record number (カルテ番号, hospital patient ID) by per-institution pattern or keyword in free text. */
  'mrn',
  /** The file could not be read (broken workbook, invalid encoding, stream error): blocked rather than passed. */
  'unreadable',
  /** The file's type cannot be checked (e.g. PDF); reported unless rules say `unscannable: 'allow'`. */
  'unscanned',
]);
export type IdentifierKind = z.infer<typeof IdentifierKind>;

/** Kinds that a column waiver may silence (not unreadable/unscanned: those are about the whole file). */
export const WaivableKind = IdentifierKind.exclude(['unreadable', 'unscanned']);
export type WaivableKind = z.infer<typeof WaivableKind>;

/**
 * One hit. Never carries the full value: `masked` keeps only enough to find it (山田*** / 090-****-**78).
 *
 * Where, by input:
 * - CSV/TSV: sheet null; row = record number as a spreadsheet shows it (header is row 1); column, cell.
 * - XLSX: sheet = sheet name; row/column/cell as Excel shows them.
 * - DOCX: body text: row = paragraph number (1-based, in document order, tables excluded), column/cell null;
 *   table cells: table = table number (1-based), row = table row, column = first-row header or letter, cell = 'B3'.
 *   Headers, footers, footnotes and comments: sheet = 'header1', 'footer2', 'footnotes', 'comments', …
 * - TXT and transfer messages: row = line number (1-based), the rest null.
 * - unreadable/unscanned: everything null except what is known.
 */
export const Finding = z.object({
  kind: IdentifierKind,
  /** The detector and rule that fired, e.g. 'my_number.check_digit', 'name.header', 'mrn.pattern:inst-a'. */
  rule: z.string(),
  sheet: z.string().nullable(),
  /** DOCX table number (1-based); null elsewhere. */
  table: z.number().int().nullable().optional(),
  row: z.number().int().nullable(),
  /** The column's header name when it has one, else its letter (A, B, … AA). */
  column: z.string().nullable(),
  /** The column letter, also when `column` is a header name. */
  columnLetter: z.string().nullable().optional(),
  /** 'B7'. */
  cell: z.string().nullable(),
  masked: z.string(),
});
export type Finding = z.infer<typeof Finding>;

export const ScanResult = z.object({
  findings: z.array(Finding),
  /** More findings existed than `maxFindings`; the list was cut. */
  truncated: z.boolean(),
  /** Bytes read from the input (compressed size for XLSX/DOCX). */
  scannedBytes: z.number().int(),
  /** What the file was read as ('csv', 'tsv', 'xlsx', 'docx', 'txt'), or null when it was not read. */
  format: z.string().nullable().optional(),
  /** Text encoding of CSV/TSV/TXT: 'utf-8' or 'shift_jis' (CP932). */
  encoding: z.string().nullable().optional(),
});
export type ScanResult = z.infer<typeof ScanResult>;

/**
 * A data center decision that one column is not an identifier of the given kinds (a false
 * positive, e.g. a "name" column that holds drug names). `column` is a header name (compared after
 * NFKC, case-insensitively, ignoring spaces) or a column letter. `sheet` null: every sheet (and
 * CSV/TSV, which have no sheet).
 */
export const ColumnWaiver = z.object({
  sheet: z.string().trim().max(200).nullable().default(null),
  column: z.string().trim().min(1).max(200),
  kinds: z.array(WaivableKind).min(1),
  reason: z.string().trim().min(1).max(1000),
});
export type ColumnWaiver = z.infer<typeof ColumnWaiver>;
export type ColumnWaiverInput = z.input<typeof ColumnWaiver>;

/**
 * A per-institution medical record number pattern: a JavaScript regular expression (source, no
 * slashes) tested against the whole cell value after NFKC, e.g. `^\d{8}$`. It applies to cells
 * under a header that names a record number (カルテ番号, 患者ID, ID, MRN, … plus `headers`), and
 * in free text right after such a keyword (カルテ番号: 12345678).
 */
export const MrnPattern = z.object({
  /** Short id used in the finding's rule ('mrn.pattern:<id>'). */
  id: z.string().trim().min(1).max(60).regex(/^[A-Za-z0-9_.-]+$/),
  /** The institution it belongs to (display only). */
  label: z.string().trim().max(200).default(''),
  pattern: z
    .string()
    .min(1)
    .max(300)
    .refine((s) => {
      try {
        new RegExp(s, 'u');
        return true;
      } catch {
        return false;
      }
    }, 'Not a valid regular expression'),
  /** Extra header words (besides the built-in ones) under which the pattern applies. */
  headers: z.array(z.string().trim().min(1).max(100)).max(50).default([]),
  /** Also test every cell of every column, whatever its header (noisy; off by default). */
  anyColumn: z.boolean().default(false),
});
export type MrnPattern = z.infer<typeof MrnPattern>;

const on = z.boolean().default(true);
const share = (d: number) => z.number().min(0.5).max(1).default(d);

/**
 * Which detectors are on and how they decide. Parse stored (possibly partial) config with
 * `TripwireRules.parse(json)`: every missing field takes its default, so `{}` gives DEFAULT_RULES.
 */
export const TripwireRules = z.object({
  myNumber: z
    .object({
      enabled: on,
      /** Require a header/nearby word (マイナンバー, 個人番号, my number). ~1 in 11 random 12-digit strings pass the check digit. */
      requireContext: on,
    })
    .prefault({}),
  insurerNumber: z.object({ enabled: on, requireContext: on }).prefault({}),
  phone: z
    .object({
      enabled: on,
      /** Flag 10–11 digit runs without separators and without a phone header/word (mobile 070/080/090 are always flagged). */
      bareDigits: on,
    })
    .prefault({}),
  postalCode: z.object({ enabled: on }).prefault({}),
  address: z.object({ enabled: on }).prefault({}),
  birthDate: z
    .object({
      enabled: on,
      /**
       * Also flag a column without a birth header when it is plainly a birth date column: at least
       * `minColumnValues` full dates, `columnShare` of its non-empty cells full dates, and
       * `columnShare` of those at least `minAgeYears` before the scan date.
       */
      inferColumns: on,
      minColumnValues: z.number().int().min(2).max(1000).default(5),
      columnShare: share(0.9),
      minAgeYears: z.number().int().min(1).max(100).default(18),
    })
    .prefault({}),
  email: z
    .object({
      enabled: on,
      /** Domains whose addresses are not patients' (e.g. the group's own), compared case-insensitively, subdomains included. */
      allowDomains: z.array(z.string().trim().toLowerCase().min(1).max(200)).max(200).default([]),
    })
    .prefault({}),
  name: z
    .object({
      enabled: on,
      /** Honorifics after a name-like token. */
      honorifics: z.array(z.string().trim().min(1).max(10)).max(20).default(['様', 'さん', '殿', '君', 'ちゃん', 'くん']),
      /** Use the built-in common-surname list (cells "山田 太郎", columns mostly made of surname+given name). */
      surnames: on,
      /** A column without a name header is a name column when this share of ≥ minColumnValues non-empty cells look like surname + given name. */
      columnShare: share(0.6),
      minColumnValues: z.number().int().min(2).max(1000).default(5),
      /** Extra header words that mean "a person's name" (compared like built-in ones). */
      extraHeaders: z.array(z.string().trim().min(1).max(100)).max(100).default([]),
    })
    .prefault({}),
  initials: z.object({ enabled: on }).prefault({}),
  mrn: z
    .object({
      enabled: on,
      /** In free text: a record-number keyword (カルテ番号, 診察券番号, 患者ID, MRN) followed by an ID of ≥ 4 characters. */
      keywordInText: on,
      patterns: z.array(MrnPattern).max(200).default([]),
    })
    .prefault({}),
  waivers: z.array(ColumnWaiver).max(1000).default([]),
  /** Stop after this many findings per file (the result says `truncated`). */
  maxFindings: z.number().int().min(1).max(10_000).default(500),
  /** Files the tripwire cannot read (PDF, images, …): 'block' reports an 'unscanned' finding. */
  unscannable: z.enum(['block', 'allow']).default('block'),
});
export type TripwireRules = z.infer<typeof TripwireRules>;
export type TripwireRulesInput = z.input<typeof TripwireRules>;
