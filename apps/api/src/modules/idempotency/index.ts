/** Idempotency-Key for creates from phones and integrations: a retried request changes nothing twice. */
export { isTwinOf, onceKeyInsertText, parseIdempotencyKey, requestHashOf, runOnce, storedResponse, type OnceKeyText, type OnceRequest } from "./run-once";
