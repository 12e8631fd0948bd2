import { performance } from "node:perf_hooks";

/** What the generator needs of a connection: one SQL statement with parameters. */
export interface Queryable {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

export interface GenerateOptions {
  /** The tenant whose micro grids, units and 小类 the cases use (every tenant of `tenants` has the same ids). */
  template: string;
  /** The tenants the cases are spread over (hash of the serial): one for a sub-district, ~200 for a city. */
  tenants: string[];
  count: number;
  /** Cases per statement. */
  batch?: number;
  /** Called after each statement with the cases written so far. */
  onBatch?: (done: number) => void;
}

/**
 * Inserts `count` cases in batches, each one `insert … select … from generate_series` (the server
 * builds the rows: nothing travels but the statement). Every case draws its numbers from hashes of
 * its serial (deterministic): reported over 2021–2022 in serial order (a real table fills in time
 * order, so a period's rows sit together and a city's tenants interleave), in one of the tenants,
 * in one of the 147 micro grids, under a 小类, 70 % with a unit; 3 % merged, 4 % voided, 3 % not
 * filed yet, 8 % resolved on the spot, 5 % still being handled, the rest closed after dispatch
 * (90 % handled on time, 5 % reworked, 4 % extended, 80 % rated).
 * The cases go in past the steps' rollup upkeep: rebuild the rollups afterwards.
 */
export async function generateCases(db: Queryable, o: GenerateOptions): Promise<void> {
  // The case each tenant's merged duplicates point at.
  const mains = await db.query<{ tenant_id: string; id: string }>(
    `insert into cases (tenant_id, number, channel, state, category_id, description, grid_id, reported_at, is_demo)
     select t.id, 'BENCH-MAIN', 'patrol', 'reported', (select id from case_categories where tenant_id = $1 and level = 2 order by code limit 1),
            '压测主案件', (select id from grids where tenant_id = $1 and level = 4 order by code limit 1), '2021-01-01T00:00:00+08:00', true
     from unnest($2::text[]) with ordinality as t(id, n)
     order by t.n
     returning tenant_id, id`,
    [o.template, o.tenants],
  );
  const mainOf = new Map(mains.map((m) => [m.tenant_id, m.id]));
  const mainIds = o.tenants.map((t) => mainOf.get(t)!);
  const batch = o.batch ?? 100_000;
  for (let first = 1; first <= o.count; first += batch) {
    const last = Math.min(o.count, first + batch - 1);
    await db.query(INSERT_CASES, [o.template, o.tenants, mainIds, first, last, o.count]);
    o.onBatch?.(last);
  }
}

/** Progress lines for a long load: every `every` cases, the count, the elapsed time and the rate. */
export function progress(label: string, total: number, every: number): (done: number) => void {
  const started = performance.now();
  let next = every;
  return (done) => {
    if (done < next && done < total) return;
    next = done + every;
    const s = (performance.now() - started) / 1000;
    console.log(`${label}: ${done.toLocaleString("en-US")} / ${total.toLocaleString("en-US")} cases in ${s.toFixed(0)} s (${Math.round(done / s).toLocaleString("en-US")}/s)`);
  };
}

/**
 * $1 template tenant, $2 tenants, $3 their main cases (same order), $4..$5 the serial range, $6
 * the total count. The template's grids, units and categories are read once per statement; a
 * city's tenants are copies of it with the same ids (ids are unique per tenant only).
 */
const INSERT_CASES = `
with g as (select array_agg(id order by code) a, count(*)::int n from grids where tenant_id = $1 and level = 4 and valid_to is null),
     u as (select array_agg(id order by name) a, count(*)::int n from units where tenant_id = $1),
     k as (select array_agg(id order by code) a, count(*)::int n from case_categories where tenant_id = $1 and level = 2),
     t as (select $2::text[] a, $3::uuid[] m, cardinality($2::text[]) n),
     x as (
       select i,
         ((hashint4extended(i, 1) & 2147483647)::float8 / 2147483648) as r_time,
         ((hashint4extended(i, 2) & 2147483647)::float8 / 2147483648) as r_grid,
         ((hashint4extended(i, 3) & 2147483647)::float8 / 2147483648) as r_cat,
         ((hashint4extended(i, 4) & 2147483647)::float8 / 2147483648) as r_unit,
         ((hashint4extended(i, 5) & 2147483647)::float8 / 2147483648) as r_state,
         ((hashint4extended(i, 6) & 2147483647)::float8 / 2147483648) as r_ontime,
         ((hashint4extended(i, 7) & 2147483647)::float8 / 2147483648) as r_minutes,
         ((hashint4extended(i, 8) & 2147483647)::float8 / 2147483648) as r_rework,
         ((hashint4extended(i, 9) & 2147483647)::float8 / 2147483648) as r_ext,
         ((hashint4extended(i, 10) & 2147483647)::float8 / 2147483648) as r_sat,
         ((hashint4extended(i, 11) & 2147483647)::float8 / 2147483648) as r_channel,
         ((hashint4extended(i, 12) & 2147483647)::float8 / 2147483648) as r_tenant
       from generate_series($4::int, $5::int) as s(i)
     ),
     y as (
       select x.*,
         1 + floor(r_tenant * (select n from t))::int as ti,
         timestamptz '2021-01-01 00:00:00+08' + ((i - 1 + r_time) / $6::int * 730 * 86400) * interval '1 second' as reported_at,
         case when r_state < 0.03 then 'merged' when r_state < 0.07 then 'voided' when r_state < 0.10 then 'reported'
              when r_state < 0.18 then 'self' when r_state < 0.23 then 'in_progress' else 'closed' end as kind
       from x
     )
insert into cases (tenant_id, number, channel, state, category_id, description, grid_id, assignee_unit_id, reported_at,
  filed_at, dispatched_at, handle_due_at, close_due_at, handled_at, handled_on_time, closed_at, closed_on_time,
  handling_minutes, self_resolved, rework_count, extension_count, satisfaction, merged_into_id, voided_at, is_demo)
select t.a[ti], 'BENCH-' || lpad(i::text, 8, '0'),
  (array['patrol', 'hotline', 'resident_app', 'staff_proxy'])[1 + floor(r_channel * 4)::int],
  case kind when 'self' then 'closed' else kind end,
  k.a[1 + floor(r_cat * k.n)::int],
  '压测案件',
  g.a[1 + floor(r_grid * g.n)::int],
  case when kind in ('in_progress', 'closed') and r_unit < 0.7 then u.a[1 + floor(r_unit / 0.7 * u.n)::int] end,
  reported_at,
  case when kind in ('self', 'in_progress', 'closed') then reported_at + interval '30 minutes' end,
  case when kind in ('in_progress', 'closed') then reported_at + interval '1 hour' end,
  case when kind in ('in_progress', 'closed') then reported_at + interval '2 days' end,
  case when kind in ('in_progress', 'closed') then reported_at + interval '4 days' end,
  case when kind = 'self' then reported_at + interval '30 minutes' when kind = 'closed' then reported_at + interval '1 day' end,
  case when kind = 'self' then true when kind = 'closed' then r_ontime < 0.9 end,
  case when kind = 'self' then reported_at + interval '30 minutes' when kind = 'closed' then reported_at + interval '2 days' end,
  case when kind = 'self' then true when kind = 'closed' then r_ontime < 0.88 end,
  case when kind = 'self' then 0 when kind = 'closed' then 30 + floor(r_minutes * 900)::int end,
  kind = 'self',
  case when kind = 'closed' and r_rework < 0.05 then 1 else 0 end,
  case when kind in ('in_progress', 'closed') and r_ext < 0.04 then 1 else 0 end,
  case when kind = 'closed' then case when r_sat < 0.6 then 'satisfied' when r_sat < 0.75 then 'basically_satisfied' when r_sat < 0.8 then 'dissatisfied' end end,
  case when kind = 'merged' then t.m[ti] end,
  case when kind = 'voided' then reported_at + interval '1 hour' end,
  true
from y, g, u, k, t`;
