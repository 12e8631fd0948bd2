import { createHash, randomBytes } from "node:crypto";

/** The session cookie: a random token whose SHA-256 is the session id. */
export const SESSION_COOKIE = "caihong_sid";

/** SHA-256 in hex: sessions, API keys and registration codes store only this of their secrets. */
export const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

/** A random URL-safe token of `bytes` bytes (session tokens, CSRF tokens). */
export const randomToken = (bytes: number) => randomBytes(bytes).toString("base64url");
