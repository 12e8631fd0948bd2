import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { LIMITS } from "@caihong/contracts";
import { and, eq, isNull } from "drizzle-orm";
import type { Config } from "../../api/src/config/env";
import type { Database, Db } from "../../api/src/db/client";
import { loadMasterKey, PersonalData } from "../../api/src/lib/personal-data";
import { sessions } from "../../api/src/modules/auth/auth.table";
import { auditSnapshot, presentUser } from "../../api/src/modules/users/users.presenter";
import { findUserById } from "../../api/src/modules/users/users.repository";
import { users } from "../../api/src/modules/users/users.table";
import { CliError } from "./errors";

/** A random initial password (16 URL-safe characters), printed once. */
export function generatePassword(): string {
  return randomBytes(12).toString("base64url");
}

/** Checks a password given on the command line against the shared limits. */
export function checkPassword(password: string): string {
  if (password.length < LIMITS.password.min || password.length > LIMITS.password.max) {
    throw new CliError(`the password must be ${LIMITS.password.min} to ${LIMITS.password.max} characters.`);
  }
  return password;
}

/**
 * The personal-data key the server uses. Unlike the server, the CLI never creates a new key file
 * while encrypted data exists: a fresh key would make every stored phone number unreadable.
 */
export async function loadPersonalData(config: Config, database: Database): Promise<PersonalData> {
  if (!config.dataKey && !config.inMemory && !fs.existsSync(path.join(config.dataDir, "secret.key"))) {
    const [row] = await database.query<{ n: number }>(
      "select (select count(*) from users where phone_enc is not null) + (select count(*) from people where phone_enc is not null or id_number_enc is not null) as n",
    );
    if (Number(row?.n) > 0) {
      throw new CliError(
        `no personal-data key: ${path.join(config.dataDir, "secret.key")} does not exist and CAIHONG_DATA_KEY is not set. ` +
          "Run the CLI with the same CAIHONG_DATA_DIR or CAIHONG_DATA_KEY as the server.",
      );
    }
  }
  return new PersonalData(loadMasterKey({ dataKey: config.dataKey, dataDir: config.dataDir, inMemory: config.inMemory }));
}

/** The user with this login name in the configured tenant, or a CliError. */
export async function getUserByUsername(db: Db, tenantId: string, username: string) {
  const [row] = await db
    .select({ id: users.id, status: users.status, gridId: users.gridId, phoneEnc: users.phoneEnc })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.username, username.trim().toLowerCase())));
  if (!row) throw new CliError(`no user named ${username} in tenant ${tenantId}.`);
  return row;
}

/** The audit snapshot of a user, built by the API's own presenter so CLI and API entries look alike. */
export async function snapshotUser(tx: Db, tenantId: string, userId: string, pd: () => Promise<PersonalData>) {
  const row = (await findUserById(tx, tenantId, userId))!;
  // The key is only needed to mask a stored phone number.
  const key = row.phoneEnc ? await pd() : new PersonalData(randomBytes(32));
  return auditSnapshot(presentUser(row, key, "zh-CN"));
}

/** Ends every open session of a user (after a password reset or when disabling). */
export async function revokeSessions(tx: Db, tenantId: string, userId: string): Promise<void> {
  await tx.update(sessions).set({ revokedAt: new Date() }).where(and(eq(sessions.tenantId, tenantId), eq(sessions.userId, userId), isNull(sessions.revokedAt)));
}

/** Prints a password the operator must pass on, once. */
export function printPassword(label: string, password: string): void {
  process.stdout.write(`\n${label} (shown only once; 仅显示这一次; must be changed at first sign-in):\n\n    ${password}\n\n`);
}
