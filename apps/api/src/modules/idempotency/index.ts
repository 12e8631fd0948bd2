/** Idempotency-Key for creates from phones and integrations: a retried request changes nothing twice. */
export { parseIdempotencyKey, runOnce, type OnceRequest } from "./run-once";
