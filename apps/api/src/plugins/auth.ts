import { timingSafeEqual } from "node:crypto";
import { negotiateLocale, type TLocale } from "@caihong/contracts";
import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { ActorContext, Deps, RequestContext } from "../lib/context";
import { AppError } from "../lib/errors";
import type { Principal } from "../lib/principal";
import { SESSION_COOKIE, type Authenticator } from "../modules/auth/auth.service";

declare module "fastify" {
  interface FastifyRequest {
    /** Language for messages: Accept-Language, else zh-CN. */
    locale: TLocale;
    /** The authenticated caller, if any. */
    actor: Principal | null;
    /** Why a presented credential was refused (so a protected route can say so). */
    authFailure: "expired" | "badKey" | null;
  }
  interface FastifyContextConfig {
    /** The route needs no sign-in. */
    isPublic?: boolean;
    /** The route stays open while a password change is pending. */
    allowsPendingPasswordChange?: boolean;
  }
  interface FastifyInstance {
    deps: Deps;
    authenticator: Authenticator;
  }
}

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The request context a use case receives. */
export function requestContext(request: FastifyRequest): RequestContext {
  const deps = request.server.deps;
  return {
    ...deps,
    requestId: request.id,
    ip: request.ip,
    locale: request.locale,
    userAgent: request.headers["user-agent"] ?? null,
  };
}

/** The request context of a route that requires a caller. */
export function actorContext(request: FastifyRequest): ActorContext {
  if (!request.actor) throw new AppError(request.authFailure === "expired" ? "SESSION_EXPIRED" : "UNAUTHENTICATED");
  return { ...requestContext(request), actor: request.actor };
}

/**
 * Authentication for /api: a session cookie or `Authorization: Bearer <api key>`. Routes are
 * protected unless they say `config.isPublic`. Cookie-authenticated writes need the session's
 * CSRF token in X-CSRF-Token; API keys carry no ambient authority and need none.
 */
export default fp(
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
