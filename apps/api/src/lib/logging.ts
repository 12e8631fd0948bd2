import { redactPersonalData } from "@caihong/domain";

/** Where log lines go: anything with a `write(line)` (stdout, a file stream, a test's buffer). */
export interface LogDestination {
  write(line: string): unknown;
}

/**
 * A destination that redacts personal data from every line before passing it on: phone and ID
 * numbers, cards, e-mail addresses, plates (the one redaction engine, `redactPersonalData`). Lines
 * are pino's JSON; the engine only stars digits and letters of what it finds, so a line stays
 * valid JSON. This is the net under every log call: a request URL with a phone in its query, a
 * database error quoting a value, a message someone writes later.
 */
export function redactingDestination(inner: LogDestination): LogDestination {
  return {
    write(line: string) {
      return inner.write(redactPersonalData(line));
    },
  };
}

/** Query parameters that carry a credential: their values never reach a log. */
const SECRET_PARAMS = /([?&](?:code|api_key|token|password|secret|trackingCode)=)[^&#]*/gi;

/** A URL as logged: credentials in its query replaced (tracking codes, API keys). */
export function scrubUrl(url: string): string {
  return url.replace(SECRET_PARAMS, "$1[redacted]");
}

/** The request as a log line shows it (Fastify's fields, with the URL scrubbed). */
function requestSerializer(req: { method?: string; url?: string; host?: string; ip?: string }) {
  return { method: req.method, url: req.url ? scrubUrl(req.url) : req.url, host: req.host, remoteAddress: req.ip };
}

/**
 * Pino options for the server's logger: the level, the request serializer and the redacting
 * destination (stdout unless a destination is given, e.g. a file in the log-scan test).
 */
export function loggerOptions(level: string, destination: LogDestination = process.stdout) {
  return { level, stream: redactingDestination(destination), serializers: { req: requestSerializer } };
}
