import { ZIdParams, ZNotificationPage, ZNotificationQuery, ZOk, ZProblem } from "@caihong/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { actorContext } from "../../lib/request-context";
import { listNotifications, markNotificationsRead } from "./use-cases/read-notifications";

const tags = ["notifications"];
const errors = { 400: ZProblem, 401: ZProblem, 403: ZProblem, 404: ZProblem };

/** The caller's in-app notifications. */
export const notificationsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get("/notifications", { schema: { tags, summary: "The caller's notifications, newest first", querystring: ZNotificationQuery, response: { 200: ZNotificationPage, ...errors } } }, async (request) =>
    listNotifications(actorContext(request), request.query),
  );
  app.post("/notifications/:id/read", { schema: { tags, summary: "Mark one notification read", params: ZIdParams, response: { 200: ZOk, ...errors } } }, async (request) =>
    markNotificationsRead(actorContext(request), request.params.id),
  );
  app.post("/notifications/read-all", { schema: { tags, summary: "Mark all notifications read", response: { 200: ZOk, ...errors } } }, async (request) => markNotificationsRead(actorContext(request), null));
};
