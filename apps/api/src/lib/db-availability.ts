import type { Database } from "../db/client";

/** Seconds a client is asked to wait (`Retry-After`) while the database cannot be reached. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** Pauses between the probes of an outage: soon at first, then every 5 s until the database answers. */
const PROBE_DELAYS_MS = [250, 500, 1000, 2000, 5000];

/** The two lines an outage writes (pino's signature: fields, then the message). */
export interface AvailabilityLog {
  error(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

/**
 * Whether the database answers, as this process finds it. The first failure to reach it opens an
 * outage and writes one "database unreachable" line; the first answer afterwards closes it with one
 * "database back" line — once per outage, however many requests fail in between (each of them is
 * answered 503 DATABASE_UNAVAILABLE with Retry-After by the error handler). While an outage lasts
 * a probe asks the database with growing pauses, so it is seen back even with no traffic; /readyz
 * reports what its own query found. The pool and the listening connection reconnect by themselves
 * (db/client.ts): nothing here restarts anything.
 */
export class DatabaseAvailability {
  private outage: { since: number; failures: number } | null = null;
  private probe: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly database: Pick<Database, "query">,
    private readonly log: AvailabilityLog,
  ) {}

  /** True between the first failure to reach the database and its next answer. */
  get down(): boolean {
    return this.outage !== null;
  }

  /** A query failed because the database could not be reached. */
  failed(err: unknown): void {
    if (this.outage) {
      this.outage.failures++;
      return;
    }
    this.outage = { since: Date.now(), failures: 1 };
    this.log.error({ err }, `database unreachable: answering 503 with Retry-After ${DATABASE_RETRY_AFTER_SECONDS} s until it answers again`);
    this.schedule(0);
  }

  /** The database answered a query. */
  answered(): void {
    if (!this.outage) return;
    const { since, failures } = this.outage;
    this.outage = null;
    clearTimeout(this.probe);
    this.log.info({ downMs: Date.now() - since, failedRequests: failures }, "database back");
  }

  /** Ends the probe (before the database is closed). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.probe);
  }

  private schedule(attempt: number): void {
    if (this.stopped) return;
    clearTimeout(this.probe);
    this.probe = setTimeout(() => {
      this.database.query("select 1").then(
        () => {
          if (!this.stopped) this.answered();
        },
        () => {
          if (this.outage) this.schedule(attempt + 1);
        },
      );
    }, PROBE_DELAYS_MS[Math.min(attempt, PROBE_DELAYS_MS.length - 1)]);
    this.probe.unref();
  }
}
