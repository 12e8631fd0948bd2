import type { Command } from "commander";
import { addUserAddCommand } from "./user-add";
import { addUserDisableCommand } from "./user-disable";
import { addUserResetPasswordCommand } from "./user-reset-password";

/** `caihong user …`: account administration without the web app (first admins, lost passwords). */
export function addUserCommand(program: Command): void {
  const user = program
    .command("user")
    .description("Manage staff accounts: add, reset-password, disable (changes are audited as 'cli')")
    .addHelpText("after", "\nStop a PGlite server first; with PostgreSQL these may run beside the server.");
  addUserAddCommand(user);
  addUserResetPasswordCommand(user);
  addUserDisableCommand(user);
}
