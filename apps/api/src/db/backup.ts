import fs from "node:fs";
import { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { pipeline } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";
import { sql, type SQL } from "drizzle-orm";
import type { Database, Db } from "./client";

/**
 * Logical backups that move between PGlite and PostgreSQL: gzip NDJSON with a header line,
 * one line per row (`{"t": table, "r": row_to_json}`) in foreign-key order, and a trailer with
 * the row counts so a truncated file is refused even when it ends on a line boundary.
 */

export const BACKUP_FORMAT = "caihong-backup";
export const BACKUP_VERSION = 1;
/** Rows per INSERT … json_populate_recordset statement on restore. */
const BATCH_ROWS = 500;
/** Flush a batch early once its JSON passes this size, so a few huge rows cannot blow memory. */
const BATCH_BYTES = 4 * 1024 * 1024;
/** Rows fetched per cursor round trip on backup. */
const FETCH_ROWS = 1000;

/** The first line of a backup file. */
export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  /** `pglite` or `postgres`: where the backup was taken (informational). */
  source: string;
  /** Hashes of the applied Drizzle migrations, oldest first; restore requires the same list. */
  migrations: string[];
  /** Tables in the order their rows appear (parents before children). */
  tables: string[];
}

/** The last line of a backup file. */
export interface BackupTrailer {
  end: true;
  /** Rows per table. */
  rows: Record<string, number>;
}

/** What a backup or restore did. */
export interface BackupSummary {
  header: BackupHeader;
  /** Rows per table. */
  rows: Record<string, number>;
  totalRows: number;
}

/** A backup that cannot be read or does not fit the target; nothing was changed. */
export class BackupError extends Error {}

interface TableInfo {
  name: string;
  /** Primary-key columns in key order (empty when the table has none). */
  primaryKey: string[];
  /** Columns an INSERT may write (generated columns excluded), in table order. */
  columns: string[];
}

interface ForeignKey {
  child: string;
  parent: string;
  childColumns: string[];
  parentColumns: string[];
}

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

async function exec<T = Record<string, unknown>>(db: Db, query: SQL | string): Promise<T[]> {
  return rowsOf<T>(await db.execute(typeof query === "string" ? sql.raw(query) : query));
}

/** Tables of the public schema with their keys and insertable columns (Drizzle's own schema is skipped). */
async function readTables(db: Db): Promise<TableInfo[]> {
  const rows = await exec<{ name: string; primary_key: string[] | null; columns: string[] }>(
    db,
    `select c.relname as name,
            (select array_agg(a.attname::text order by k.ord)
               from pg_index i
               cross join lateral unnest(i.indkey::int2[]) with ordinality as k(attnum, ord)
               join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
              where i.indrelid = c.oid and i.indisprimary) as primary_key,
            (select array_agg(a.attname::text order by a.attnum)
               from pg_attribute a
              where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = '') as columns
       from pg_class c
       join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
      order by c.relname`,
  );
  return rows.map((r) => ({ name: r.name, primaryKey: r.primary_key ?? [], columns: r.columns ?? [] }));
}

async function readForeignKeys(db: Db): Promise<ForeignKey[]> {
  const rows = await exec<{ child: string; parent: string; child_columns: string[]; parent_columns: string[] }>(
    db,
    `select ch.relname as child, pa.relname as parent,
            (select array_agg(a.attname::text order by k.ord) from unnest(c.conkey) with ordinality as k(attnum, ord)
               join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum) as child_columns,
            (select array_agg(a.attname::text order by k.ord) from unnest(c.confkey) with ordinality as k(attnum, ord)
               join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.attnum) as parent_columns
       from pg_constraint c
       join pg_class ch on ch.oid = c.conrelid
       join pg_class pa on pa.oid = c.confrelid
       join pg_namespace n on n.oid = ch.relnamespace
      where c.contype = 'f' and n.nspname = 'public'
      order by ch.relname, c.conname`,
  );
  return rows.map((r) => ({ child: r.child, parent: r.parent, childColumns: r.child_columns, parentColumns: r.parent_columns }));
}

/**
 * Orders tables so every table comes after the tables it references (Kahn's algorithm, ties by
 * name so the order is stable). Self-references are handled per row on restore.
 */
export function dependencyOrder(tables: string[], foreignKeys: Pick<ForeignKey, "child" | "parent">[]): string[] {
  const parents = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const fk of foreignKeys) {
    if (fk.child !== fk.parent && parents.has(fk.child) && parents.has(fk.parent)) parents.get(fk.child)!.add(fk.parent);
  }
  const order: string[] = [];
  const done = new Set<string>();
  while (order.length < tables.length) {
    const ready = tables.filter((t) => !done.has(t) && [...parents.get(t)!].every((p) => done.has(p))).sort();
    if (!ready.length) {
      const stuck = tables.filter((t) => !done.has(t));
      throw new BackupError(`Foreign keys form a cycle between tables ${stuck.join(", ")}; cannot order a restore.`);
    }
    for (const t of ready) {
      order.push(t);
      done.add(t);
    }
  }
  return order;
}

async function appliedMigrations(db: Db): Promise<string[]> {
  const [exists] = await exec<{ present: boolean }>(db, `select to_regclass('drizzle.__drizzle_migrations') is not null as present`);
  if (!exists?.present) return [];
  const rows = await exec<{ hash: string }>(db, `select hash from drizzle.__drizzle_migrations order by created_at, id`);
  return rows.map((r) => r.hash);
}

/**
 * Writes a consistent snapshot of every public table to `file` (gzip NDJSON). On PostgreSQL the
 * reads share one repeatable-read transaction, so a backup of a live server is consistent.
 * The file appears only when complete (written beside it, then renamed).
 */
export async function backupDatabase(database: Database, file: string): Promise<BackupSummary> {
  const tmp = `${file}.${process.pid}.partial`;
  try {
    const summary = await database.db.transaction(async (tx) => {
      await exec(tx, "set transaction isolation level repeatable read, read only");
      // Timestamps in UTC so the same data gives the same bytes on either engine.
      await exec(tx, "set local timezone to 'UTC'");
      const tables = await readTables(tx);
      const order = dependencyOrder(
        tables.map((t) => t.name),
        await readForeignKeys(tx),
      );
      const byName = new Map(tables.map((t) => [t.name, t]));
      const header: BackupHeader = {
        format: BACKUP_FORMAT,
        version: BACKUP_VERSION,
        createdAt: new Date().toISOString(),
        source: database.kind,
        migrations: await appliedMigrations(tx),
        tables: order,
      };
      const rows: Record<string, number> = {};
      async function* lines(): AsyncGenerator<string> {
        yield JSON.stringify(header) + "\n";
        for (const name of order) {
          const table = byName.get(name)!;
          const orderBy = table.primaryKey.length ? ` order by ${table.primaryKey.map((c) => `x.${ident(c)}`).join(", ")}` : "";
          const prefix = `{"t":${JSON.stringify(name)},"r":`;
          rows[name] = 0;
          await exec(tx, `declare caihong_backup no scroll cursor for select row_to_json(x)::text as j from ${ident(name)} x${orderBy}`);
          for (;;) {
            const batch = await exec<{ j: string }>(tx, `fetch ${FETCH_ROWS} from caihong_backup`);
            if (!batch.length) break;
            rows[name] += batch.length;
            // The row JSON is copied as text, never parsed, so numerics keep every digit.
            yield batch.map((b) => `${prefix}${b.j}}\n`).join("");
          }
          await exec(tx, "close caihong_backup");
        }
        const trailer: BackupTrailer = { end: true, rows };
        yield JSON.stringify(trailer) + "\n";
      }
      await pipeline(Readable.from(lines()), createGzip(), fs.createWriteStream(tmp, { mode: 0o600 }));
      return { header, rows, totalRows: Object.values(rows).reduce((a, b) => a + b, 0) };
    });
    const fd = fs.openSync(tmp, "r");
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
    return summary;
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

interface RowLine {
  table: string;
  /** The row's JSON text exactly as stored in the file. */
  json: string;
}

type BackupLine = { kind: "header"; header: BackupHeader } | { kind: "row"; row: RowLine } | { kind: "trailer"; trailer: BackupTrailer };

/** Reads a backup line by line, checking its structure; throws BackupError on anything off. */
async function* readBackup(file: string): AsyncGenerator<BackupLine> {
  if (!fs.existsSync(file)) throw new BackupError(`Backup file not found: ${file}`);
  const source = fs.createReadStream(file);
  const gunzip = createGunzip();
  source.on("error", (err) => gunzip.destroy(err));
  source.pipe(gunzip);
  let header: BackupHeader | null = null;
  let trailer: BackupTrailer | null = null;
  let lineNo = 0;
  const fail = (why: string): never => {
    throw new BackupError(`${file} is not a usable Caihong backup (line ${lineNo}): ${why}`);
  };
  const handle = (line: string): BackupLine | null => {
    lineNo++;
    if (trailer) fail("data after the end marker");
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      return fail("not JSON");
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return fail("not a JSON object");
    const obj = parsed as Record<string, unknown>;
    if (!header) {
      if (obj.format !== BACKUP_FORMAT) return fail("missing the caihong-backup header");
      if (obj.version !== BACKUP_VERSION) return fail(`format version ${String(obj.version)}; this build reads version ${BACKUP_VERSION}`);
      if (!Array.isArray(obj.tables) || !Array.isArray(obj.migrations)) return fail("header lacks tables or migrations");
      header = obj as unknown as BackupHeader;
      return { kind: "header", header };
    }
    if (obj.end === true) {
      if (typeof obj.rows !== "object" || obj.rows === null) return fail("end marker lacks row counts");
      trailer = obj as unknown as BackupTrailer;
      return { kind: "trailer", trailer };
    }
    if (typeof obj.t !== "string" || typeof obj.r !== "object" || obj.r === null || Array.isArray(obj.r)) return fail("row line needs t (table) and r (object)");
    const prefix = `{"t":${JSON.stringify(obj.t)},"r":`;
    const json = line.startsWith(prefix) && line.endsWith("}") ? line.slice(prefix.length, -1) : JSON.stringify(obj.r);
    return { kind: "row", row: { table: obj.t, json } };
  };
  let rest = "";
  // A gunzip chunk can end inside a multi-byte character (any CJK name): the decoder carries the
  // partial bytes over instead of turning them into U+FFFD.
  const decoder = new StringDecoder("utf8");
  try {
    for await (const chunk of gunzip) {
      const text = rest + decoder.write(chunk as Buffer);
      const parts = text.split("\n");
      rest = parts.pop()!;
      for (const part of parts) {
        if (!part) continue;
        const out = handle(part);
        if (out) yield out;
      }
    }
  } catch (err) {
    if (err instanceof BackupError) throw err;
    throw new BackupError(`${file} is not a usable Caihong backup: ${(err as Error).message} (truncated or not gzip?)`);
  } finally {
    source.destroy();
  }
  rest += decoder.end();
  if (rest.trim()) {
    const out = handle(rest);
    if (out) yield out;
  }
  if (!header) fail("empty file");
  if (!trailer) fail("no end marker: the file is truncated");
}

/** Reads only the header of a backup (for confirmation prompts). */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  const reader = readBackup(file);
  try {
    const first = await reader.next();
    if (first.done || first.value.kind !== "header") throw new BackupError(`${file} has no header`);
    return first.value.header;
  } finally {
    await reader.return(undefined);
  }
}

/** Reads the whole file once and checks it is complete and self-consistent. */
async function verifyBackup(file: string): Promise<{ header: BackupHeader; rows: Record<string, number>; fileOrder: string[] }> {
  let header: BackupHeader | null = null;
  const counts: Record<string, number> = {};
  const fileOrder: string[] = [];
  let trailer: BackupTrailer | null = null;
  for await (const line of readBackup(file)) {
    if (line.kind === "header") {
      header = line.header;
      for (const t of header.tables) counts[t] = 0;
    } else if (line.kind === "row") {
      if (!(line.row.table in counts)) throw new BackupError(`${file}: rows for table ${line.row.table}, which the header does not list`);
      if (fileOrder.at(-1) !== line.row.table) {
        if (fileOrder.includes(line.row.table)) throw new BackupError(`${file}: rows of ${line.row.table} are not contiguous`);
        fileOrder.push(line.row.table);
      }
      counts[line.row.table]!++;
    } else {
      trailer = line.trailer;
    }
  }
  for (const [t, n] of Object.entries(counts)) {
    if ((trailer!.rows[t] ?? 0) !== n) throw new BackupError(`${file}: table ${t} has ${n} rows but the end marker says ${trailer!.rows[t] ?? 0}; the file is damaged`);
  }
  return { header: header!, rows: counts, fileOrder };
}

/** Orders a self-referencing table's rows so each row follows the rows it references (Kahn). */
export function orderSelfReferences(rows: string[], selfKeys: Pick<ForeignKey, "childColumns" | "parentColumns">[]): string[] {
  const parsed = rows.map((json) => JSON.parse(json) as Record<string, unknown>);
  const keyOf = (row: Record<string, unknown>, cols: string[]) =>
    cols.some((c) => row[c] === null || row[c] === undefined) ? null : JSON.stringify(cols.map((c) => row[c]));
  const children = rows.map(() => [] as number[]);
  const waitingOn = rows.map(() => 0);
  for (const fk of selfKeys) {
    // Referenced columns are a primary or unique key, so each key names one row.
    const provider = new Map<string, number>();
    parsed.forEach((row, i) => {
      const key = keyOf(row, fk.parentColumns);
      if (key !== null) provider.set(key, i);
    });
    parsed.forEach((row, i) => {
      const ref = keyOf(row, fk.childColumns);
      const parent = ref === null ? undefined : provider.get(ref);
      // A reference to a row outside the backup is left for the database to reject.
      if (parent === undefined || parent === i) return;
      children[parent]!.push(i);
      waitingOn[i]!++;
    });
  }
  const queue = waitingOn.flatMap((n, i) => (n === 0 ? [i] : []));
  const order: number[] = [];
  for (let q = 0; q < queue.length; q++) {
    const i = queue[q]!;
    order.push(i);
    for (const c of children[i]!) if (--waitingOn[c]! === 0) queue.push(c);
  }
  if (order.length < rows.length) throw new BackupError("rows of a self-referencing table reference each other in a cycle");
  return order.map((i) => rows[i]!);
}

/**
 * Replaces every public table's contents with the backup's, in one transaction: truncate, then
 * insert parents before children. The file is read and checked in full first, and the target must
 * carry exactly the backup's migrations; on any error nothing changes.
 */
export async function restoreDatabase(
  database: Database,
  file: string,
  options: {
    /** Runs inside the restore's transaction after the rows are in (e.g. to record an audit entry). */
    onRestored?: (tx: Db, summary: BackupSummary) => Promise<void>;
  } = {},
): Promise<BackupSummary> {
  const { header, rows: expected, fileOrder } = await verifyBackup(file);
  const db = database.db;
  const applied = await appliedMigrations(db);
  if (applied.length === 0) {
    throw new BackupError("The target database has no migrations applied; run `caihong migrate` on it first.");
  }
  if (applied.join() !== header.migrations.join()) {
    throw new BackupError(
      `The backup was taken at migration ${header.migrations.length} but the target database is at migration ${applied.length}` +
        (applied.length === header.migrations.length ? " with different migration contents" : "") +
        "; restore with the Caihong release that made the backup, into a database migrated by that release.",
    );
  }
  const tables = await readTables(db);
  const foreignKeys = await readForeignKeys(db);
  const targetNames = tables.map((t) => t.name);
  const missing = header.tables.filter((t) => !targetNames.includes(t));
  const extra = targetNames.filter((t) => !header.tables.includes(t));
  if (missing.length || extra.length) {
    throw new BackupError(`The backup's tables do not match the target's (missing in target: ${missing.join(", ") || "none"}; not in backup: ${extra.join(", ") || "none"}).`);
  }
  const order = dependencyOrder(targetNames, foreignKeys);
  const byName = new Map(tables.map((t) => [t.name, t]));
  const selfKeys = (t: string) => foreignKeys.filter((fk) => fk.child === t && fk.parent === t);
  // One pass over the file when its table order already puts parents first; else one pass per table.
  const rank = new Map(fileOrder.map((t, i) => [t, i]));
  const isFileOrderSafe = foreignKeys.every((fk) => fk.child === fk.parent || !rank.has(fk.child) || !rank.has(fk.parent) || rank.get(fk.parent)! < rank.get(fk.child)!);

  const inserted: Record<string, number> = Object.fromEntries(targetNames.map((t) => [t, 0]));
  const summary = (): BackupSummary => ({ header, rows: inserted, totalRows: Object.values(inserted).reduce((a, b) => a + b, 0) });
  await db.transaction(async (tx) => {
    await exec(tx, `truncate table ${targetNames.map(ident).join(", ")} restart identity`);
    const insert = async (table: string, batch: string[]) => {
      if (!batch.length) return;
      const info = byName.get(table)!;
      const cols = info.columns.map(ident).join(", ");
      try {
        await tx.execute(
          sql`${sql.raw(`insert into ${ident(table)} (${cols}) overriding system value select ${cols} from json_populate_recordset(null::${ident(table)}, `)}${`[${batch.join(",")}]`}${sql.raw("::json)")}`,
        );
      } catch (err) {
        // Drizzle's error carries the whole batch as a parameter; report the database's words only.
        const cause = ((err as { cause?: unknown }).cause ?? err) as { message?: string; detail?: string };
        throw new BackupError(`Restoring table ${table} failed, nothing was changed: ${cause.message ?? String(err)}${cause.detail ? ` (${cause.detail})` : ""}`);
      }
      inserted[table]! += batch.length;
    };
    const loadTables = async (wanted: Set<string>) => {
      let current: string | null = null;
      let batch: string[] = [];
      let bytes = 0;
      // Rows of self-referencing tables are held until the table ends, then ordered.
      let held: string[] | null = null;
      const finish = async () => {
        if (current === null) return;
        if (held) {
          const ordered = orderSelfReferences(held, selfKeys(current));
          for (let i = 0; i < ordered.length; i += BATCH_ROWS) await insert(current, ordered.slice(i, i + BATCH_ROWS));
        } else {
          await insert(current, batch);
        }
        batch = [];
        bytes = 0;
        held = null;
      };
      for await (const line of readBackup(file)) {
        if (line.kind !== "row" || !wanted.has(line.row.table)) continue;
        if (line.row.table !== current) {
          await finish();
          current = line.row.table;
          held = selfKeys(current).length ? [] : null;
        }
        if (held) {
          held.push(line.row.json);
          continue;
        }
        batch.push(line.row.json);
        bytes += line.row.json.length;
        if (batch.length >= BATCH_ROWS || bytes >= BATCH_BYTES) {
          await insert(current, batch);
          batch = [];
          bytes = 0;
        }
      }
      await finish();
    };
    if (isFileOrderSafe) {
      await loadTables(new Set(targetNames));
    } else {
      for (const table of order) await loadTables(new Set([table]));
    }
    // Serial and identity columns continue after the restored rows.
    const sequences = await exec<{ table_name: string; column_name: string; seq: string }>(
      tx,
      `select c.relname as table_name, a.attname as column_name, pg_get_serial_sequence(quote_ident(c.relname), a.attname) as seq
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
         join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
        where n.nspname = 'public' and c.relkind in ('r', 'p') and pg_get_serial_sequence(quote_ident(c.relname), a.attname) is not null`,
    );
    for (const s of sequences) {
      await exec(
        tx,
        sql`select setval(${s.seq}::regclass, coalesce((select max(${sql.raw(ident(s.column_name))}) from ${sql.raw(ident(s.table_name))}), 0) + 1, false)`,
      );
    }
    for (const t of targetNames) {
      const [row] = await exec<{ n: number }>(tx, `select count(*)::int as n from ${ident(t)}`);
      if (Number(row?.n) !== expected[t]) throw new BackupError(`Restored ${row?.n} rows into ${t} but the backup holds ${expected[t]}; rolled back.`);
    }
    await options.onRestored?.(tx, summary());
  });
  return summary();
}
