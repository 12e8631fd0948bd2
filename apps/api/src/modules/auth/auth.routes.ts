import {
  ZChangePasswordRequest,
  ZLoginRequest,
  ZProblem,
  ZRegisterRequest,
  ZRequestCodeRequest,
  ZRequestCodeResponse,
  ZSessionUser,
  ZUpdateProfileRequest,
} from "@caihong/contracts";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { actorContext, requestContext } from "../../lib/request-context";
import { SESSION_COOKIE } from "./auth.tokens";
import { changeOwnPassword } from "./use-cases/change-password";
import { registerResident, requestRegistrationCode } from "./use-cases/register-resident";
import { getSessionUser, signOut, type SessionGrant } from "./use-cases/sessions";
import { signIn } from "./use-cases/sign-in";
import { updateOwnProfile } from "./use-cases/update-profile";

const tags = ["auth"];

function setSessionCookie(request: FastifyRequest, reply: FastifyReply, grant: SessionGrant) {
  reply.setCookie(SESSION_COOKIE, grant.token, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: request.protocol === "https",
    maxAge: grant.maxAgeSeconds,
  });
}

/** Sign-in, sign-out, the signed-in user, own password and profile, resident registration. */
export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const authenticator = app.authenticator;

  app.post(
    "/auth/login",
    {
      config: { isPublic: true },
      schema: { tags, summary: "Sign in (sets the session cookie)", body: ZLoginRequest, response: { 200: ZSessionUser, 401: ZProblem, 429: ZProblem } },
    },
    async (request, reply) => {
      const { grant, user } = await signIn(requestContext(request), authenticator, request.body);
      setSessionCookie(request, reply, grant);
      return user;
    },
  );

  app.post(
    "/auth/logout",
    { config: { allowsPendingPasswordChange: true }, schema: { tags, summary: "Sign out (revokes the session)", response: { 204: z.null() } } },
    async (request, reply) => {
      await signOut(actorContext(request));
      reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/auth/me",
    { config: { allowsPendingPasswordChange: true }, schema: { tags, summary: "The signed-in user", response: { 200: ZSessionUser, 401: ZProblem } } },
    async (request) => getSessionUser(actorContext(request)),
  );

  app.post(
    "/auth/password",
    {
      config: { allowsPendingPasswordChange: true },
      schema: { tags, summary: "Change own password", body: ZChangePasswordRequest, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await changeOwnPassword(actorContext(request), request.body);
      return reply.code(204).send(null);
    },
  );

  app.patch(
    "/auth/profile",
    { schema: { tags, summary: "Update own display name or language", body: ZUpdateProfileRequest, response: { 200: ZSessionUser } } },
    async (request) => updateOwnProfile(actorContext(request), request.body),
  );

  app.post(
    "/auth/register/code",
    {
      config: { isPublic: true },
      schema: { tags, summary: "Send a registration code by SMS", body: ZRequestCodeRequest, response: { 200: ZRequestCodeResponse, 429: ZProblem } },
    },
    async (request) => requestRegistrationCode(requestContext(request), request.body.phone),
  );

  app.post(
    "/auth/register",
    {
      config: { isPublic: true },
      schema: { tags, summary: "Register a resident account and sign in", body: ZRegisterRequest, response: { 201: ZSessionUser, 401: ZProblem, 409: ZProblem } },
    },
    async (request, reply) => {
      const { grant, user } = await registerResident(requestContext(request), authenticator, request.body);
      setSessionCookie(request, reply, grant);
      return reply.code(201).send(user);
    },
  );
};
