import path from 'node:path';
import { z } from 'zod';
import { localSecrets } from './security/local-secrets';

const repoRoot = path.resolve(__dirname, '..', '..');

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** Every setting the API reads, with what it is for. This is the only file that reads process.env. */
const ZConfig = z.object({
  /** development | test | production. Production refuses development-only conveniences. */
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** HTTP port. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Address to bind. */
  HOST: z.string().default('0.0.0.0'),
  /** A MongoDB connection string. Unset: start the embedded FerretDB (needs Go ≥ 1.24). */
  MONGODB_URI: z.string().optional(),
  /** Database name (used when the URI names none). */
  DB_NAME: z.string().default('bianmin'),
  /** Folder for the embedded database's files. */
  DATA_DIR: z.string().default(path.join(repoRoot, 'data')),
  /** Port of the embedded database; 0 picks a free one. */
  EMBEDDED_DB_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  /** Engine of the built-in FerretDB when MONGODB_URI is unset: `sqlite` (files in DATA_DIR, zero setup) or `postgres`. */
  DB_ENGINE: z.enum(['sqlite', 'postgres']).default('sqlite'),
  /** DB_ENGINE=postgres: an existing PostgreSQL database (postgres://user:pass@host/db); unset: a private cluster in DATA_DIR/postgres. */
  POSTGRES_URL: z.string().optional(),
  /** Where `npm run backup` writes its timestamped folders. */
  BACKUP_DIR: z.string().default(path.join(repoRoot, 'backups')),
  /** Secret that signs access tokens (≥ 32 chars in production, where it is required); unset elsewhere: generated into DATA_DIR/secrets.json. */
  JWT_SECRET: z.string().min(16).optional(),
  /** 32 random bytes, base64: encrypts ID numbers at rest (AES-256-GCM) and keys their lookup hash. Like JWT_SECRET. */
  PII_KEY: z.string().optional(),
  /** Where booking notifications go: `log` (development) or `wechat` (subscription messages). */
  NOTIFY_SENDER: z.enum(['log', 'wechat']).default('log'),
  /** WeChat subscription-message template for booking notices. */
  WECHAT_TEMPLATE_BOOKING: z.string().optional(),
  /** Run background jobs (reminders, notification delivery, lapse sweep) in this process. */
  JOBS: bool.default(true),
  /** Access token lifetime, seconds. */
  ACCESS_TOKEN_TTL: z.coerce.number().int().min(60).max(86400).default(900),
  /** Refresh token lifetime, days. */
  REFRESH_TOKEN_DAYS: z.coerce.number().int().min(1).max(180).default(30),
  /** Where SMS codes go: `log` (development: written to the log and echoed to the caller) or `http`. */
  SMS_SENDER: z.enum(['log', 'http']).default('log'),
  /** SMS gateway endpoint for the `http` sender. */
  SMS_HTTP_URL: z.string().url().optional(),
  /** WeChat API base URL (jscode2session lives under it). */
  WECHAT_API_BASE: z.string().url().default('https://api.weixin.qq.com'),
  /** Mini-program appid and secret for WeChat sign-in. */
  WECHAT_APPID: z.string().optional(),
  WECHAT_SECRET: z.string().optional(),
  /** Folder of the built H5 app served at `/`. */
  H5_DIR: z.string().default(path.join(repoRoot, 'miniapp', 'dist', 'h5')),
  /** Public base URL used in share links and QR codes (defaults to the request's own origin). */
  PUBLIC_BASE_URL: z.string().url().optional(),
  /** Create the demo county, accounts and catalog at start (idempotent). */
  DEMO_SEED: bool.default(false),
  /** pino level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Largest JSON body accepted. */
  BODY_LIMIT: z.string().default('100kb'),
  /** Requests per minute per IP on the whole API, and on sign-in routes. */
  RATE_LIMIT_PER_MIN: z.coerce.number().int().min(1).default(600),
  AUTH_RATE_LIMIT_PER_MIN: z.coerce.number().int().min(1).default(30),
  /** Bearer token that lets /metrics be scraped from another host; unset: /metrics answers only on localhost (not via a proxy). */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** Behind a reverse proxy: how many hops to trust for the client IP. */
  TRUST_PROXY: z.coerce.number().int().min(0).default(0),
});

export type TConfig = Omit<z.infer<typeof ZConfig>, 'JWT_SECRET' | 'PII_KEY'> & { JWT_SECRET: string; PII_KEY: string };

/** Parse and check the environment once; a bad value stops the start with the key named. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): TConfig {
  const parsed = ZConfig.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Configuration is invalid:\n${lines}`);
  }
  const p = parsed.data;
  if (p.NODE_ENV === 'production') {
    if (!p.JWT_SECRET || p.JWT_SECRET.length < 32) {
      throw new Error('Configuration is invalid:\n  JWT_SECRET: set a random secret of at least 32 characters in production');
    }
    if (!p.PII_KEY) throw new Error('Configuration is invalid:\n  PII_KEY: set 32 random bytes (base64) in production');
  }
  // Without configured keys (development, tests) the keys are generated once into the data folder, never taken from the repository.
  const local = p.JWT_SECRET && p.PII_KEY ? undefined : localSecrets(p.DATA_DIR);
  const c: TConfig = { ...p, JWT_SECRET: p.JWT_SECRET ?? local!.JWT_SECRET, PII_KEY: p.PII_KEY ?? local!.PII_KEY };
  if (c.NODE_ENV === 'production') {
    if (c.SMS_SENDER === 'log') throw new Error('Configuration is invalid:\n  SMS_SENDER: `log` is for development only');
  }
  if (c.SMS_SENDER === 'http' && !c.SMS_HTTP_URL) {
    throw new Error('Configuration is invalid:\n  SMS_HTTP_URL: required when SMS_SENDER=http');
  }
  return c;
}
