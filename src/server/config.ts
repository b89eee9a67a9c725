import { join } from 'node:path';
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const durationMinutes = z.coerce.number().int().positive();

/** The one environment schema. This module is the only reader of process.env. */
export const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  MAIL_FROM: z.string().min(3).default('Mamori <mamori@localhost>'),
  SESSION_IDLE_MINUTES: durationMinutes.default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().positive().max(24 * 30).default(12),
  SETUP_TOKEN_MINUTES: durationMinutes.max(24 * 60).default(30),
  // Per IP address: a hospital's researchers usually share one, so this is not the brute-force guard (the per-account throttle is).
  SIGN_IN_RATE_LIMIT: z.coerce.number().int().positive().default(30),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  MASTER_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, 'must be 32 bytes, base64')
    .optional(),
  TRUST_PROXY: bool.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The research group's name as certificates and reports print it. */
  GROUP_NAME_JA: z.string().trim().min(1).max(200).default('臨床研究グループ'),
  GROUP_NAME_EN: z.string().trim().min(1).max(200).default('Clinical Research Group'),
  WEB_DIST: z.string().optional(),
  // ---- accounts (P32-2.1.3) ---------------------------------------------------------------------
  INVITATION_HOURS: z.coerce.number().int().positive().max(24 * 30).default(72),
  PASSWORD_MIN_LENGTH: z.coerce.number().int().min(8, 'must be at least 8').max(64).default(12),
  MFA_REQUIRED_FOR_RESEARCHERS: bool.default(true),
  DORMANCY_DAYS: z.coerce.number().int().min(7).max(3650).default(180),
  /** Days before dormancy suspension on which a warning email goes out. */
  DORMANCY_WARNING_DAYS: z
    .string()
    .regex(/^\d+(,\d+)*$/, 'must be a comma-separated list of days, e.g. 14,3')
    .default('14,3')
    .transform((v) => v.split(',').map(Number).sort((a, b) => b - a)),
  /** How often scheduled jobs (dormancy, expiry, reminders, mail delivery retries) run. */
  JOB_INTERVAL_SECONDS: z.coerce.number().int().min(5).max(86_400).default(300),
  // ---- audit log witnesses -----------------------------------------------------------------------
  /** How often a signed checkpoint of the audit log is written outside the database (when the log grew). */
  AUDIT_CHECKPOINT_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(60),
  /** Where witnessed checkpoints are written; default DATA_DIR/audit-witness. Point it at storage the database's administrators cannot rewrite. */
  AUDIT_WITNESS_DIR: z.string().min(1).optional(),
  // ---- exchange of files (issue 7, P32-2.1.2): the vault -------------------------------------------
  /** Largest file that may be uploaded, in bytes (default 2 GiB). */
  EXCHANGE_MAX_BYTES: z.coerce.number().int().min(1024).max(2 ** 40).default(2 * 1024 ** 3),
  /** Plaintext bytes per encrypted chunk (each its own AES-256-GCM message). */
  EXCHANGE_CHUNK_BYTES: z.coerce.number().int().min(1024).max(16 * 1024 ** 2).default(1024 ** 2),
  /** Bytes per stored segment: what a PATCH commits durably at a time (rounded down to whole chunks). */
  EXCHANGE_SEGMENT_BYTES: z.coerce.number().int().min(1024).max(2 ** 40).default(64 * 1024 ** 2),
  /** Hours an unfinished upload is kept after its last activity. */
  EXCHANGE_UPLOAD_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(24),
  EXCHANGE_STORAGE: z.enum(['local', 's3']).default('local'),
  /** Earlier master keys (comma-separated, base64), kept only until `mamori exchange rewrap-keys` has run. */
  MASTER_KEY_PREVIOUS: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=(,[A-Za-z0-9+/]{43}=)*$/, 'must be base64 32-byte keys, comma-separated')
    .optional(),
  /** An S3-compatible server (MinIO, …); unset, AWS S3 in S3_REGION. */
  S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_BUCKET: z.string().min(3).optional(),
  /** Static keys (both or neither); unset, the AWS SDK's default chain: AWS_* variables, shared config files, container or instance role. */
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_PREFIX: z.string().regex(/^[A-Za-z0-9._\-/]*$/, 'letters, digits, . _ - / only').default('mamori/exchange/'),
  /** Path-style URLs (endpoint/bucket/key), as MinIO and most S3-compatible stores want. */
  S3_FORCE_PATH_STYLE: bool.default(true),
  // ---- backups (P32-1.2.3) -------------------------------------------------------------------------
  /** Where the nightly backups go; unset, the server takes none (`mamori backup --dir` still works). Not inside DATA_DIR. */
  BACKUP_DIR: z.string().min(1).optional(),
  /** A second copy of each backup (another disk, a mounted offline medium). */
  BACKUP_COPY_DIR: z.string().min(1).optional(),
  /** The key backups are sealed with: 32 random bytes, base64 or hex (`openssl rand -base64 32`). Keep it apart from DATA_DIR. */
  BACKUP_KEY: z.string().min(32).optional(),
  /** Instead of BACKUP_KEY: a passphrase (at least 16 characters), stretched with scrypt. */
  BACKUP_PASSPHRASE: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Generations kept: the newest backup of each of the last N days, ISO weeks and months. */
  BACKUP_KEEP_DAILY: z.coerce.number().int().min(1).max(366).default(7),
  BACKUP_KEEP_WEEKLY: z.coerce.number().int().min(0).max(520).default(4),
  BACKUP_KEEP_MONTHLY: z.coerce.number().int().min(0).max(240).default(12),
  /** Days between the server's own restore drills of the newest backup. */
  BACKUP_DRILL_DAYS: z.coerce.number().int().min(1).max(366).default(30),
  // ---- metrics (Prometheus, docs/OPERATIONS.md); neither set, no metrics are kept or served ------
  /** Bearer token that opens `GET /metrics` on the main port (and is also required on METRICS_PORT when set). */
  METRICS_TOKEN: z.string().min(24, 'must be at least 24 characters').regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces').optional(),
  /** A separate port that serves only `GET /metrics`, bound to METRICS_HOST. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
});
export type Env = z.infer<typeof EnvSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  publicUrl: string;
  secureCookies: boolean;
  smtpUrl: string | undefined;
  mailFrom: string;
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  setupTokenMs: number;
  signInRateLimit: number;
  sessionSecret: string | undefined;
  masterKey: string | undefined;
  trustProxy: boolean;
  logLevel: Env['LOG_LEVEL'];
  groupName: { ja: string; en: string };
  webDist: string | undefined;
  invitationMs: number;
  passwordMinLength: number;
  mfaRequiredForResearchers: boolean;
  dormancyDays: number;
  dormancyWarningDays: number[];
  jobIntervalMs: number;
  /** Minimum time between two witnessed audit checkpoints. */
  auditCheckpointMs: number;
  /** Directory that receives the signed audit checkpoints (one file each). */
  auditWitnessDir: string;
  backup: {
    dir: string | null;
    copyDir: string | null;
    keySource: { key?: string; passphrase?: string };
    keep: { daily: number; weekly: number; monthly: number };
    drillMs: number;
  };
  exchange: ExchangeConfig;
  /** Prometheus metrics: off unless a token or a port is set. */
  metrics: { token: string | undefined; port: number | undefined; host: string };
}

/** The exchange vault's settings (see src/server/modules/exchange/vault). */
export interface ExchangeConfig {
  maxBytes: number;
  chunkBytes: number;
  segmentBytes: number;
  uploadMs: number;
  storage: 'local' | 's3';
  previousMasterKeys: string[];
  s3: { endpoint: string | undefined; region: string; bucket: string | undefined; accessKeyId: string | undefined; secretAccessKey: string | undefined; prefix: string; forcePathStyle: boolean };
}

export class ConfigError extends Error {
  constructor(public readonly issues: { variable: string; message: string }[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  ${i.variable}: ${i.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment. Throws ConfigError naming every bad variable. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? '(environment)'), message: i.message })),
    );
  }
  const e = parsed.data;
  const publicUrl = (e.PUBLIC_URL ?? `http://${e.HOST === '0.0.0.0' ? 'localhost' : e.HOST}:${e.PORT}`).replace(/\/$/, '');
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    publicUrl,
    secureCookies: publicUrl.startsWith('https://'),
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: e.SESSION_ABSOLUTE_HOURS * 3_600_000,
    setupTokenMs: e.SETUP_TOKEN_MINUTES * 60_000,
    signInRateLimit: e.SIGN_IN_RATE_LIMIT,
    sessionSecret: e.SESSION_SECRET,
    masterKey: e.MASTER_KEY,
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    groupName: { ja: e.GROUP_NAME_JA, en: e.GROUP_NAME_EN },
    webDist: e.WEB_DIST,
    invitationMs: e.INVITATION_HOURS * 3_600_000,
    passwordMinLength: e.PASSWORD_MIN_LENGTH,
    mfaRequiredForResearchers: e.MFA_REQUIRED_FOR_RESEARCHERS,
    dormancyDays: e.DORMANCY_DAYS,
    dormancyWarningDays: e.DORMANCY_WARNING_DAYS,
    jobIntervalMs: e.JOB_INTERVAL_SECONDS * 1000,
    auditCheckpointMs: e.AUDIT_CHECKPOINT_MINUTES * 60_000,
    auditWitnessDir: e.AUDIT_WITNESS_DIR ?? join(e.DATA_DIR, 'audit-witness'),
    backup: {
      dir: e.BACKUP_DIR ?? null,
      copyDir: e.BACKUP_COPY_DIR ?? null,
      keySource: { key: e.BACKUP_KEY, passphrase: e.BACKUP_PASSPHRASE },
      keep: { daily: e.BACKUP_KEEP_DAILY, weekly: e.BACKUP_KEEP_WEEKLY, monthly: e.BACKUP_KEEP_MONTHLY },
      drillMs: e.BACKUP_DRILL_DAYS * 86_400_000,
    },
    exchange: {
      maxBytes: e.EXCHANGE_MAX_BYTES,
      chunkBytes: e.EXCHANGE_CHUNK_BYTES,
      segmentBytes: e.EXCHANGE_SEGMENT_BYTES,
      uploadMs: e.EXCHANGE_UPLOAD_HOURS * 3_600_000,
      storage: e.EXCHANGE_STORAGE,
      previousMasterKeys: e.MASTER_KEY_PREVIOUS ? e.MASTER_KEY_PREVIOUS.split(',') : [],
      s3: {
        endpoint: e.S3_ENDPOINT,
        region: e.S3_REGION,
        bucket: e.S3_BUCKET,
        accessKeyId: e.S3_ACCESS_KEY_ID,
        secretAccessKey: e.S3_SECRET_ACCESS_KEY,
        prefix: e.S3_PREFIX,
        forcePathStyle: e.S3_FORCE_PATH_STYLE,
      },
    },
    metrics: { token: e.METRICS_TOKEN, port: e.METRICS_PORT, host: e.METRICS_HOST },
  };
}
