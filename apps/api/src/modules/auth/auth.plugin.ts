import { timingSafeEqual } from "node:crypto";
import { negotiateLocale } from "@caihong/contracts";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { AppError } from "../../lib/errors";
import "../../lib/request-context";
import type { Authenticator } from "./auth.authenticator";
import { SESSION_COOKIE } from "./auth.tokens";

declare module "fastify" {
  interface FastifyInstance {
    authenticator: Authenticator;
  }
}

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Authentication for /api: a session cookie or `Authorization: Bearer <api key>`. Routes are
 * protected unless they say `config.isPublic`. Cookie-authenticated writes need the session's
 * CSRF token in X-CSRF-Token; API keys carry no ambient authority and need none.
 */
export const authPlugin = fp(
  async function authPlugin(app: FastifyInstance) {
    app.decorateRequest("locale", "zh-CN");
    app.decorateRequest("actor", null);
    app.decorateRequest("authFailure", null);

    app.addHook("onRequest", async (request, reply) => {
      request.locale = negotiateLocale(request.headers["accept-language"]);
      if (!request.url.startsWith("/api/")) return;
      const authorization = request.headers.authorization;
      if (authorization?.startsWith("Bearer ")) {
        const principal = await app.authenticator.fromApiKey(authorization.slice(7).trim());
        if (principal) request.actor = principal;
        else request.authFailure = "badKey";
        return;
      }
      const token = request.cookies[SESSION_COOKIE];
      if (!token) return;
      const result = await app.authenticator.fromSessionToken(token);
      if (result === "expired") {
        request.authFailure = "expired";
        reply.clearCookie(SESSION_COOKIE, { path: "/" });
        return;
      }
      request.actor = result;
      // A signed-in user's remembered language wins when the client does not ask for one.
      if (!request.headers["accept-language"]) request.locale = result.locale;
    });

    app.addHook("preValidation", async (request) => {
      const config = request.routeOptions.config;
      if (!request.url.startsWith("/api/") || config?.isPublic) return;
      const actor = request.actor;
      if (!actor) {
        throw new AppError(request.authFailure === "expired" ? "SESSION_EXPIRED" : "UNAUTHENTICATED");
      }
      if (actor.kind === "user" && UNSAFE.has(request.method)) {
        const sent = request.headers["x-csrf-token"];
        if (typeof sent !== "string" || !actor.csrfToken || !safeEqual(sent, actor.csrfToken)) throw new AppError("CSRF_INVALID");
      }
      if (actor.mustChangePassword && !config?.allowsPendingPasswordChange) throw new AppError("PASSWORD_CHANGE_REQUIRED");
    });
  },
  { name: "caihong-auth", dependencies: ["@fastify/cookie"] },
);
