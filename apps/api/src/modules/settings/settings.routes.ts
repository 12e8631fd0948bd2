import { ZCrs, ZProblem, ZPutReferenceDateRequest, ZTimeSettings } from "@caihong/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { actorContext, requestContext } from "../../lib/request-context";
import { getMapSettings, getPublicMapSettings } from "./use-cases/get-map-settings";
import { getTimeSettings, setReferenceDate } from "./use-cases/manage-time-settings";

const ZMapSettings = z.object({
  /** Tile URL template ({s}, {x}, {y}, {z}); null = draw the GeoJSON layers on a plain background. */
  tileUrl: z.string().nullable(),
  /** Coordinate system of the tiles: the map converts WGS84 geometry to it before drawing. */
  tileCrs: ZCrs,
  attribution: z.string().nullable(),
});

/** Deployment and tenant settings the web app needs. */
export const settingsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/settings/time",
    { schema: { tags: ["settings"], summary: "The default 'as of' date of pages: the tenant's reference date (a demo's last day) or today", response: { 200: ZTimeSettings, 401: ZProblem } } },
    async (request) => getTimeSettings(actorContext(request)),
  );
  app.put(
    "/settings/reference-date",
    {
      schema: {
        tags: ["settings"],
        summary: "Fix the tenant's reference date, or clear it (null: pages use today); clocks keep real time",
        body: ZPutReferenceDateRequest,
        response: { 200: ZTimeSettings, 400: ZProblem, 401: ZProblem, 403: ZProblem },
      },
    },
    async (request) => setReferenceDate(actorContext(request), request.body.referenceDate),
  );
  app.get(
    "/settings/map",
    { schema: { tags: ["settings"], summary: "Basemap of the grid map (from CAIHONG_MAP_TILE_URL / _CRS / _ATTRIBUTION)", response: { 200: ZMapSettings, 401: ZProblem, 403: ZProblem } } },
    async (request) => getMapSettings(actorContext(request)),
  );
  app.get(
    "/public/settings/map",
    { config: { isPublic: true }, schema: { tags: ["settings"], summary: "Basemap for the public report page", response: { 200: ZMapSettings } } },
    async (request) => getPublicMapSettings(requestContext(request)),
  );
};
