import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../test/harness";

/**
 * DESIGN.md's tenant-key rule, checked against the live catalog: every domain table has
 * tenant_id, and it is part of every primary key, unique key and foreign key. `tenants` is the
 * root the rule hangs from.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const EXEMPT = new Set(["tenants"]);

describe("tenant key", () => {
  it("every table except tenants has tenant_id in every primary, unique and foreign key", async () => {
    const tables = await t.app.deps.database.query<{ table_name: string }>(
      "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'",
    );
    expect(tables.length).toBeGreaterThan(5);
    const constraints = await t.app.deps.database.query<{ table_name: string; conname: string; contype: string; columns: string[] }>(`
      select c.conrelid::regclass::text as table_name, c.conname, c.contype,
             array(select a.attname::text from unnest(c.conkey) k join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k) as columns
        from pg_constraint c
        join pg_namespace n on n.oid = c.connamespace
       where n.nspname = 'public' and c.contype in ('p', 'u', 'f')`);
    const problems: string[] = [];
    for (const { table_name } of tables) {
      if (EXEMPT.has(table_name)) continue;
      const own = constraints.filter((c) => c.table_name === table_name);
      if (!own.some((c) => c.contype === "p")) problems.push(`${table_name}: no primary key`);
      for (const c of own) {
        const cols = Array.isArray(c.columns) ? c.columns : String(c.columns).replace(/[{}]/g, "").split(",");
        if (!cols.includes("tenant_id")) problems.push(`${table_name}.${c.conname} (${c.contype}) lacks tenant_id: ${cols.join(", ")}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
