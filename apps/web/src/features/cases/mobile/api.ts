// Calls the phone pages need beyond apps/web/src/api/cases.ts: creates that carry an
// Idempotency-Key, so a double tap or a retry after a dropped answer makes one case.
import { api, isApiError, PROOF_HEADER } from "../../../api/client";
import type { TCaseCreated, TCreateCaseRequest, TPublicCaseCreated, TPublicCaseRequest } from "../../../api/cases";
import { solveChallenge } from "./proof-of-work";

/**
 * A fresh Idempotency-Key. `crypto.randomUUID` exists only in secure contexts (HTTPS, localhost);
 * a phone on the sub-district's plain-HTTP intranet still gets a random v4 UUID from getRandomValues.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Reports a case as the signed-in caller; the same key returns the case made by the first try. */
export function reportCase(body: TCreateCaseRequest, idempotencyKey: string): Promise<TCaseCreated> {
  return api("/cases", { method: "POST", body, headers: { "Idempotency-Key": idempotencyKey } });
}

/** Challenges solved in a row before giving up (each answer is checked and spent by the server). */
const MAX_CHALLENGES = 3;

/**
 * Reports without an account; the answer carries the tracking code, shown once. When the server
 * asks for a proof of work (428 CHALLENGE_REQUIRED, ADR 0014), solves it in the browser and sends
 * the report again; `onVerifying` tells the page while it works.
 */
export async function reportPublicCase(body: TPublicCaseRequest, idempotencyKey: string, onVerifying: (isVerifying: boolean) => void = () => undefined): Promise<TPublicCaseCreated> {
  let proof: string | undefined;
  for (let attempt = 0; ; attempt++) {
    try {
      return await api("/public/cases", { method: "POST", body, quietAuth: true, headers: { "Idempotency-Key": idempotencyKey, ...(proof ? { [PROOF_HEADER]: proof } : {}) } });
    } catch (err) {
      const challenge = isApiError(err, "CHALLENGE_REQUIRED") ? (err.problem as { challenge?: unknown }).challenge : undefined;
      if (typeof challenge !== "string" || attempt >= MAX_CHALLENGES) throw err;
      onVerifying(true);
      try {
        proof = await solveChallenge(challenge);
      } finally {
        onVerifying(false);
      }
    }
  }
}
