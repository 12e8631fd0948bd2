import { randomBytes } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";

/**
 * The device cookie of the public pages: a random id the anonymous report page carries so the
 * limiter can count one browser apart from its address (ADR 0014). HttpOnly, SameSite=Lax,
 * Secure when the request came over https; it names no one and is only ever stored hashed.
 */
export const DEVICE_COOKIE = "caihong_device";
const DEVICE_ID = /^[A-Za-z0-9_-]{22}$/;
const ONE_YEAR_SECONDS = 365 * 86_400;

/** The request's device id, or a new one set on the reply when it has none (or a malformed one). */
export function ensureDeviceId(request: FastifyRequest, reply: FastifyReply): string {
  const given = request.cookies[DEVICE_COOKIE];
  if (given && DEVICE_ID.test(given)) return given;
  const id = randomBytes(16).toString("base64url");
  reply.setCookie(DEVICE_COOKIE, id, { path: "/", httpOnly: true, sameSite: "lax", secure: request.protocol === "https", maxAge: ONE_YEAR_SECONDS });
  return id;
}
