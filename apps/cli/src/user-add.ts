import { LIMITS, SCOPE_KINDS, ZCreateUserRequest, type TScopeKind } from "@caihong/contracts";
import { Option, type Command } from "commander";
import { CliError } from "./errors";

interface AddOptions {
  name: string;
  role?: string;
  scope?: TScopeKind;
  grid?: string;
  phone?: string;
  password?: string;
}

/** `caihong user add`: creates a staff account from the command line (e.g. the first admins). */
export function addUserAddCommand(user: Command): void {
  user
    .command("add")
    .description("Create a staff account; prints a generated initial password unless --password is given")
    .argument("<username>", `login name: ${LIMITS.username.min}-${LIMITS.username.max} of a-z 0-9 . _ -`)
    .requiredOption("--name <name>", "display name, e.g. 王芳")
    .option("--role <code>", "role code to assign, e.g. grid_worker or subdistrict_admin")
    .addOption(new Option("--scope <scope>", "data scope of the role (default: subtree with --grid, else all)").choices([...SCOPE_KINDS]))
    .option("--grid <code>", "grid code: the user's home grid and the anchor of a subtree/grid scope")
    .option("--phone <number>", "mobile number (stored encrypted)")
    .option("--password <password>", "initial password (else one is generated); it must be changed at first sign-in")
    .action(async (username: string, options: AddOptions) => {
      const { and, eq, or } = await import("drizzle-orm");
      const { loadConfig } = await import("../../api/src/config/env");
      const { hashPassword } = await import("../../api/src/lib/passwords");
      const { grids } = await import("../../api/src/modules/grids/grids.table");
      const { roles, userRoles } = await import("../../api/src/modules/roles/roles.table");
      const { users } = await import("../../api/src/modules/users/users.table");
      const { recordCliAudit } = await import("./audit");
      const { requireReady, withDatabase } = await import("./database");
      const { checkPassword, generatePassword, loadPersonalData, printPassword, snapshotUser } = await import("./user-support");
      const config = loadConfig();
      const parsed = ZCreateUserRequest.pick({ username: true, displayName: true, phone: true }).safeParse({
        username,
        displayName: options.name,
        phone: options.phone,
      });
      if (!parsed.success) {
        throw new CliError(`invalid input: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
      }
      if (options.scope && !options.role) throw new CliError("--scope needs --role.");
      const scope: TScopeKind | null = options.role ? (options.scope ?? (options.grid ? "subtree" : "all")) : null;
      if ((scope === "subtree" || scope === "grid") && !options.grid) throw new CliError(`--scope ${scope} needs --grid <code>.`);
      const password = options.password === undefined ? generatePassword() : checkPassword(options.password);
      const passwordHash = await hashPassword(password);

      await withDatabase(config, async (database) => {
        await requireReady(database, config);
        const tenantId = config.tenant;
        const pd = await loadPersonalData(config, database);
        const input = parsed.data;
        const created = await database.db.transaction(async (tx) => {
          let role: { id: string; code: string } | undefined;
          if (options.role) {
            [role] = await tx.select({ id: roles.id, code: roles.code }).from(roles).where(and(eq(roles.tenantId, tenantId), eq(roles.code, options.role)));
            if (!role) {
              const known = await tx.select({ code: roles.code }).from(roles).where(eq(roles.tenantId, tenantId)).orderBy(roles.code);
              throw new CliError(`no role with code ${options.role}. Roles: ${known.map((r) => r.code).join(", ")}.`);
            }
          }
          let grid: { id: string; name: string } | undefined;
          if (options.grid) {
            [grid] = await tx.select({ id: grids.id, name: grids.name }).from(grids).where(and(eq(grids.tenantId, tenantId), eq(grids.code, options.grid)));
            if (!grid) throw new CliError(`no grid with code ${options.grid}.`);
          }
          const phoneHash = input.phone ? pd.hash("phone", input.phone) : null;
          const [clash] = await tx
            .select({ username: users.username })
            .from(users)
            .where(and(eq(users.tenantId, tenantId), phoneHash ? or(eq(users.username, input.username), eq(users.phoneHash, phoneHash)) : eq(users.username, input.username)));
          if (clash) throw new CliError(clash.username === input.username ? `user ${input.username} already exists.` : "that phone number belongs to another user.");
          const [row] = await tx
            .insert(users)
            .values({
              tenantId,
              username: input.username,
              displayName: input.displayName,
              phoneEnc: input.phone ? pd.encrypt(input.phone) : null,
              phoneHash,
              gridId: grid?.id ?? null,
              passwordHash,
              mustChangePassword: true,
            })
            .returning({ id: users.id });
          if (role && scope) {
            await tx.insert(userRoles).values({ tenantId, userId: row!.id, roleId: role.id, scope, gridId: scope === "subtree" || scope === "grid" ? grid!.id : null });
          }
          const after = await snapshotUser(tx, tenantId, row!.id, async () => pd);
          await recordCliAudit(tx, tenantId, { action: "user.create", entityType: "user", entityId: row!.id, gridId: grid?.id ?? null, after });
          return { id: row!.id, role, grid };
        });
        const what = created.role ? `role ${created.role.code}, scope ${scope}${created.grid ? `, grid ${created.grid.name}` : ""}` : "no role (assign one in the web app)";
        process.stdout.write(`Created user ${input.username} (${input.displayName}), ${what}.\n`);
        if (options.password === undefined) printPassword(`Initial password of ${input.username}`, password);
      });
    });
}
