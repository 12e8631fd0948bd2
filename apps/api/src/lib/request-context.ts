import type { TLocale } from "@caihong/contracts";
import type { FastifyRequest } from "fastify";
import type { ActorContext, Deps, RequestContext } from "./context";
import { AppError } from "./errors";
import type { Principal } from "./principal";

declare module "fastify" {
  interface FastifyRequest {
    /** Language for messages: Accept-Language, else the signed-in user's, else zh-CN. */
    locale: TLocale;
    /** The authenticated caller, if any (set by the auth module's hook). */
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
    /** The long-lived dependencies every use case receives (built by app.ts). */
    deps: Deps;
  }
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
