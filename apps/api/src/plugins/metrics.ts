import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** Prometheus metrics at /metrics: requests by route and status, latency, database pool/queue. */
export default fp(
  async function metricsPlugin(app: FastifyInstance, opts: { collectProcessMetrics: boolean }) {
    const registry = new Registry();
    if (opts.collectProcessMetrics) collectDefaultMetrics({ register: registry });
    const requests = new Counter({
      name: "caihong_http_requests_total",
      help: "HTTP requests by method, route pattern and status",
      labelNames: ["method", "route", "status"],
      registers: [registry],
    });
    const latency = new Histogram({
      name: "caihong_http_request_duration_seconds",
      help: "HTTP request latency by method and route pattern",
      labelNames: ["method", "route"],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    });
    const stats = () => app.deps.database.stats();
    new Gauge({ name: "caihong_db_connections_total", help: "Database connections (PGlite: 1)", registers: [registry], collect() { this.set(stats().total); } });
    new Gauge({ name: "caihong_db_connections_idle", help: "Idle database connections", registers: [registry], collect() { this.set(stats().idle); } });
    new Gauge({ name: "caihong_db_waiting", help: "Queries waiting for a connection (PGlite: queued queries)", registers: [registry], collect() { this.set(stats().waiting); } });

    app.addHook("onResponse", async (request, reply) => {
      // Unknown URLs are grouped so arbitrary paths cannot blow up label cardinality.
      const route = request.routeOptions.url ?? "unmatched";
      requests.inc({ method: request.method, route, status: String(reply.statusCode) });
      latency.observe({ method: request.method, route }, reply.elapsedTime / 1000);
    });

    app.get("/metrics", { config: { isPublic: true }, schema: { hide: true } }, async (_request, reply) => {
      return reply.type(registry.contentType).send(await registry.metrics());
    });
  },
  { name: "caihong-metrics" },
);
