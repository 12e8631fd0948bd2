import { ZCasePage, ZEvaluation, ZEvaluationCasesQuery, ZEvaluationQuery, ZProblem } from "@caihong/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { contentDisposition, XLSX_TYPE } from "../../lib/xlsx";
import { actorContext } from "../../lib/request-context";
import * as evaluation from "./use-cases/evaluate-cases";

const tags = ["evaluation"];
const errors = { 400: ZProblem, 401: ZProblem, 403: ZProblem };

/** 考核评价: indicators per grid, unit or category over a period, the cases behind each figure, Excel. */
export const evaluationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/evaluation",
    { schema: { tags, summary: "Indicators (上报数, 立案率 … 满意率, average handling time) per group, their total and the monthly trend", querystring: ZEvaluationQuery, response: { 200: ZEvaluation, ...errors } } },
    async (request) => evaluation.getEvaluation(actorContext(request), request.query),
  );
  app.get(
    "/evaluation/cases",
    { schema: { tags, summary: "The cases behind one figure: a group (or the total), an indicator, its numerator or denominator", querystring: ZEvaluationCasesQuery, response: { 200: ZCasePage, ...errors } } },
    async (request) => evaluation.listEvaluationCases(actorContext(request), request.query),
  );
  app.get(
    "/evaluation/export.xlsx",
    { schema: { tags, summary: "The evaluation as Excel: one line per group and the total", querystring: ZEvaluationQuery, produces: [XLSX_TYPE] } },
    async (request, reply) => {
      const body = await evaluation.exportEvaluationXlsx(actorContext(request), request.query);
      return reply.type(XLSX_TYPE).header("Content-Disposition", contentDisposition(`考核评价_${request.query.from}_${request.query.to}.xlsx`)).send(body);
    },
  );
};
