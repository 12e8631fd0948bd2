import fs from "node:fs";
import path from "node:path";
import type { ActorContext, AppError, AuditContext, Config, Database, PersonalData } from "@caihong/api";
import { CliError } from "./errors";

/** The actor label of every change made from the command line, as the audit log shows it. */
export const CLI_ACTOR = "cli";

/** The language of messages the CLI passes on from the use cases: zh-CN under a Chinese locale, else English. */
export function cliLocale(): "zh-CN" | "en" {
  // The CLI may read the environment directly (CONTRIBUTING); the locale is not app configuration.
  return (process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || "").toLowerCase().startsWith("zh") ? "zh-CN" : "en";
}

/**
 * The personal-data key the server uses. Unlike the server, the CLI never creates a new key file
 * while encrypted data exists: a fresh key would make every stored phone number unreadable.
 */
export async function loadPersonalData(config: Config, database: Database): Promise<PersonalData> {
  const { loadMasterKey, PersonalData } = await import("@caihong/api");
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

/**
 * The context the API's use cases receive from the command line: the app's dependencies on this
 * database and the system actor with every permission over the whole tenant, audited as `cli`.
 */
export async function cliContext(config: Config, database: Database): Promise<ActorContext> {
  const { buildDeps, memorySmsSender, systemContext } = await import("@caihong/api");
  const { deps } = buildDeps({ config, database, pd: await loadPersonalData(config, database), sms: memorySmsSender() });
  return systemContext(deps, CLI_ACTOR, cliLocale());
}

/** Who the audit log names for a change that needs no use case (a restore, the demo load): the CLI. */
export async function cliAuditContext(tenantId: string): Promise<AuditContext> {
  const { systemPrincipal } = await import("@caihong/api");
  return { tenantId, clock: () => new Date(), actor: systemPrincipal(tenantId, CLI_ACTOR) };
}

/** A use case's refusal as one line for the operator, in the CLI's language, with the fields it names. */
export function describeAppError(err: AppError, locale = cliLocale()): string {
  const detail = err.detail?.[locale] ?? err.code;
  const fields = (err.extra.errors ?? []).map((e) => ` ${e.path}: ${e.message}`).join(";");
  return `${detail}${fields}`;
}
