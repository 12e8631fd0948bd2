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
      const { AppError, createUser, findGrids, findRoles, loadConfig } = await import("@caihong/api");
      const { cliContext, describeAppError } = await import("./context");
      const { requireReady, withDatabase } = await import("./database");
      const { checkPassword, generatePassword, printPassword } = await import("./user-support");
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
      const input = parsed.data;

      await withDatabase(config, async (database) => {
        await requireReady(database, config);
        const ctx = await cliContext(config, database);
        let role: { id: string; code: string } | undefined;
        if (options.role) {
          const roles = (await findRoles(ctx)).items;
          role = roles.find((r) => r.code === options.role);
          if (!role) throw new CliError(`no role with code ${options.role}. Roles: ${roles.map((r) => r.code).sort().join(", ")}.`);
        }
        let grid: { id: string; name: string } | undefined;
        if (options.grid) {
          grid = (await findGrids(ctx)).items.find((g) => g.code === options.grid);
          if (!grid) throw new CliError(`no grid with code ${options.grid}.`);
        }
        try {
          await createUser(ctx, {
            ...input,
            password,
            gridId: grid?.id ?? null,
            roles: role && scope ? [{ roleId: role.id, scope, gridId: scope === "subtree" || scope === "grid" ? grid!.id : null }] : [],
          });
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          const taken = err.code === "ALREADY_EXISTS" ? err.extra.errors?.[0]?.path : undefined;
          if (taken === "body.username") throw new CliError(`user ${input.username} already exists.`);
          if (taken === "body.phone") throw new CliError("that phone number belongs to another user.");
          throw new CliError(describeAppError(err));
        }
        const what = role ? `role ${role.code}, scope ${scope}${grid ? `, grid ${grid.name}` : ""}` : "no role (assign one in the web app)";
        process.stdout.write(`Created user ${input.username} (${input.displayName}), ${what}.\n`);
        if (options.password === undefined) printPassword(`Initial password of ${input.username}`, password);
      });
    });
}
