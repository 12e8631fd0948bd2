import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");

const boolFromEnv = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1");

/** The environment variables Caihong reads; nothing else in the code base reads process.env. */
const ZEnv = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  CAIHONG_DATA_DIR: z.string().default("./data"),
  CAIHONG_ADMIN_PASSWORD: z.string().min(10, "must be at least 10 characters").optional(),
  CAIHONG_DATA_KEY: z
    .string()
    .refine((v) => Buffer.from(v, "base64").length === 32, "must be 32 bytes, base64-encoded")
    .optional(),
  CAIHONG_TENANT: z.string().regex(/^[a-z][a-z0-9-]{1,40}$/).default("xinhong"),
  CAIHONG_SEED_DEMO: boolFromEnv.default(true),
  /** With the demo: also about six months of demo cases (2021-05 … 2021-10). */
  CAIHONG_SEED_DEMO_CASES: boolFromEnv.default(true),
  CAIHONG_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(120),
  CAIHONG_SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).default(12),
  CAIHONG_TRUST_PROXY: boolFromEnv.default(false),
  CAIHONG_WEB_DIST: z.string().optional(),
  CAIHONG_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  CAIHONG_PGLITE_SHARED_BUFFERS: z.string().regex(/^\d+(kB|MB|GB)$/, "like 32MB").default("32MB"),
  /** Optional basemap tiles for the grid map, e.g. https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z} */
  CAIHONG_MAP_TILE_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Coordinate system of those tiles: AMap/Tencent tiles are gcj02, Baidu bd09, OSM wgs84. */
  CAIHONG_MAP_TILE_CRS: z.enum(["wgs84", "gcj02", "bd09"]).default("wgs84"),
  CAIHONG_MAP_ATTRIBUTION: z.string().max(200).optional(),
  /** Where case photos are stored (default: <data dir>/photos). */
  CAIHONG_PHOTO_DIR: z.string().optional(),
  /** Integrations: case events are POSTed here (JSON, HMAC-SHA256 signature in X-Caihong-Signature). */
  CAIHONG_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
  CAIHONG_WEBHOOK_SECRET: z.string().min(16, "at least 16 characters").optional(),
  /** Days after closure during which a reporter may rate and reopen (重办). */
  CAIHONG_REOPEN_WINDOW_DAYS: z.coerce.number().int().min(1).max(365).default(15),
  /** Seconds between two runs of the case clock (warnings, overdue, escalation) and the webhook sender. */
  CAIHONG_CLOCK_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /**
   * Open311: hosts whose `media_url` photos are fetched (comma list of host or host:port, e.g.
   * `fixmystreet.example.org,photos.example.org:8443`); empty = media_url is refused.
   */
  CAIHONG_OPEN311_MEDIA_HOSTS: z
    .string()
    .default("")
    .transform((s) =>
      s
        .split(",")
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:]+\](:\d{1,5})?$/, "host or host:port"))),
  /** Open311: accept citizen updates by POST servicerequestupdates (kept as internal remarks). */
  CAIHONG_OPEN311_UPDATES_POST: boolFromEnv.default(false),
  /** Limits on anonymous and credential endpoints (lib/limits.ts, counted in the database, ADR 0014). */
  CAIHONG_LIMIT_REPORTS_PER_ADDRESS_HOUR: z.coerce.number().int().min(1).default(30),
  CAIHONG_LIMIT_REPORTS_PER_DEVICE_HOUR: z.coerce.number().int().min(1).default(10),
  /** Public reports per address and hour after which each one needs a proof of work. */
  CAIHONG_LIMIT_REPORTS_CHALLENGE_AFTER: z.coerce.number().int().min(0).default(5),
  /** Leading zero bits of the proof of work (14: a few hundred ms in a browser). */
  CAIHONG_LIMIT_CHALLENGE_BITS: z.coerce.number().int().min(1).max(28).default(14),
  CAIHONG_LIMIT_OPEN311_REPORTS_PER_ADDRESS_HOUR: z.coerce.number().int().min(1).default(300),
  CAIHONG_LIMIT_SMS_PER_PHONE_DAY: z.coerce.number().int().min(1).default(10),
  CAIHONG_LIMIT_SMS_PER_ADDRESS_DAY: z.coerce.number().int().min(1).default(20),
  /** Failed sign-ins of one account from one address before backoff (1 s, 2 s, 4 s … up to the cap). */
  CAIHONG_LIMIT_LOGIN_FREE_FAILURES: z.coerce.number().int().min(1).default(5),
  CAIHONG_LIMIT_LOGIN_MAX_BACKOFF_SECONDS: z.coerce.number().int().min(1).default(900),
  /** Failed sign-ins per account (all addresses) and per address (all accounts) per 15 minutes; never blocks a known account+address. */
  CAIHONG_LIMIT_LOGIN_ACCOUNT_FAILURES: z.coerce.number().int().min(1).default(50),
  CAIHONG_LIMIT_LOGIN_ADDRESS_FAILURES: z.coerce.number().int().min(1).default(100),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  NODE_ENV: z.string().optional(),
});

/** Parsed configuration shared by the server, the CLI and the tests. */
export interface Config {
  port: number;
  host: string;
  /** PostgreSQL URL; absent means embedded PGlite in `dataDir/pg`. */
  databaseUrl: string | undefined;
  /** Directory for the embedded database, the key file, the lock and uploads. */
  dataDir: string;
  /** Use an in-memory PGlite (tests only); no lock, no files. */
  inMemory: boolean;
  adminPassword: string | undefined;
  /** Base64 AES-256 key for personal data; absent means a key file in dataDir. */
  dataKey: string | undefined;
  tenant: string;
  seedDemo: boolean;
  /** With `seedDemo`: load the demo cases too (tests turn this off; they want an empty case table). */
  seedDemoCases: boolean;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  trustProxy: boolean;
  webDist: string;
  dbPoolSize: number;
  /** shared_buffers of the embedded database. */
  pgliteSharedBuffers: string;
  /** Basemap for the grid map: tile URL (null = GeoJSON layers only), its coordinate system, attribution. */
  map: { tileUrl: string | null; tileCrs: "wgs84" | "gcj02" | "bd09"; attribution: string | null };
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** NODE_ENV=development: the log SMS sender writes the text (with its code) to the log. */
  development: boolean;
  /** Open311: hosts media_url may name (fetched, EXIF stripped), and whether citizen updates may be POSTed. */
  open311: { mediaHosts: string[]; updatesPost: boolean };
  /** Case photos directory; null with an in-memory database (a temporary directory is used). */
  photoDir: string | null;
  webhook: { url: string | null; secret: string | null };
  reopenWindowDays: number;
  /** Interval of the in-process case clock and webhook sender; 0 = not started (tests call them). */
  clockIntervalSeconds: number;
  /** Limits on anonymous and credential endpoints (lib/limits.ts, ADR 0014). */
  limits: LimitsConfig;
}

/** The limiter's settings (README's configuration table). */
export interface LimitsConfig {
  /** Public case reports: per address and per device cookie per hour; after `challengeAfter` per address, each needs a proof of work of `challengeBits`. */
  reports: { perAddressPerHour: number; perDevicePerHour: number; challengeAfter: number; challengeBits: number };
  /** Open311 POST requests per client address per hour. */
  open311PerAddressPerHour: number;
  /** SMS codes per phone and per address per day (besides 60 s between two codes to one phone). */
  sms: { perPhonePerDay: number; perAddressPerDay: number };
  /**
   * Sign-in: `freeFailures` per account and address before backoff (1 s doubling up to
   * `maxBackoffSeconds`); failures per account and per address per `windowMinutes` before 429,
   * except for an account from an address it signed in from before.
   */
  login: { freeFailures: number; maxBackoffSeconds: number; accountFailures: number; addressFailures: number; windowMinutes: number };
}

export class ConfigError extends Error {}

/** Parses the environment once; throws ConfigError with one line per bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = ZEnv.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.CAIHONG_DATA_DIR),
    inMemory: false,
    adminPassword: e.CAIHONG_ADMIN_PASSWORD,
    dataKey: e.CAIHONG_DATA_KEY,
    tenant: e.CAIHONG_TENANT,
    seedDemo: e.CAIHONG_SEED_DEMO,
    seedDemoCases: e.CAIHONG_SEED_DEMO_CASES,
    sessionIdleMinutes: e.CAIHONG_SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: e.CAIHONG_SESSION_ABSOLUTE_HOURS,
    trustProxy: e.CAIHONG_TRUST_PROXY,
    webDist: path.resolve(e.CAIHONG_WEB_DIST ?? path.join(repoRoot, "apps/web/dist")),
    dbPoolSize: e.CAIHONG_DB_POOL_SIZE,
    pgliteSharedBuffers: e.CAIHONG_PGLITE_SHARED_BUFFERS,
    map: { tileUrl: e.CAIHONG_MAP_TILE_URL ?? null, tileCrs: e.CAIHONG_MAP_TILE_CRS, attribution: e.CAIHONG_MAP_ATTRIBUTION ?? null },
    logLevel: e.LOG_LEVEL,
    development: e.NODE_ENV === "development",
    open311: { mediaHosts: e.CAIHONG_OPEN311_MEDIA_HOSTS, updatesPost: e.CAIHONG_OPEN311_UPDATES_POST },
    photoDir: e.CAIHONG_PHOTO_DIR ? path.resolve(e.CAIHONG_PHOTO_DIR) : path.join(path.resolve(e.CAIHONG_DATA_DIR), "photos"),
    webhook: { url: e.CAIHONG_WEBHOOK_URL ?? null, secret: e.CAIHONG_WEBHOOK_SECRET ?? null },
    reopenWindowDays: e.CAIHONG_REOPEN_WINDOW_DAYS,
    clockIntervalSeconds: e.CAIHONG_CLOCK_INTERVAL_SECONDS,
    limits: {
      reports: {
        perAddressPerHour: e.CAIHONG_LIMIT_REPORTS_PER_ADDRESS_HOUR,
        perDevicePerHour: e.CAIHONG_LIMIT_REPORTS_PER_DEVICE_HOUR,
        challengeAfter: e.CAIHONG_LIMIT_REPORTS_CHALLENGE_AFTER,
        challengeBits: e.CAIHONG_LIMIT_CHALLENGE_BITS,
      },
      open311PerAddressPerHour: e.CAIHONG_LIMIT_OPEN311_REPORTS_PER_ADDRESS_HOUR,
      sms: { perPhonePerDay: e.CAIHONG_LIMIT_SMS_PER_PHONE_DAY, perAddressPerDay: e.CAIHONG_LIMIT_SMS_PER_ADDRESS_DAY },
      login: {
        freeFailures: e.CAIHONG_LIMIT_LOGIN_FREE_FAILURES,
        maxBackoffSeconds: e.CAIHONG_LIMIT_LOGIN_MAX_BACKOFF_SECONDS,
        accountFailures: e.CAIHONG_LIMIT_LOGIN_ACCOUNT_FAILURES,
        addressFailures: e.CAIHONG_LIMIT_LOGIN_ADDRESS_FAILURES,
        windowMinutes: 15,
      },
    },
    ...overrides,
  };
}

/** Absolute path of the repository (for the web build and migrations). */
export const REPO_ROOT = repoRoot;
