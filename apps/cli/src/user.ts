import type { Command } from "commander";
import { addDatabaseCommandGroup } from "./command-group";
import { addUserAddCommand } from "./user-add";
import { addUserDisableCommand } from "./user-disable";
import { addUserResetPasswordCommand } from "./user-reset-password";

/** `caihong user …`: account administration without the web app (first admins, lost passwords). */
export function addUserCommand(program: Command): void {
  const user = addDatabaseCommandGroup(program, "user", "Manage staff accounts: add, reset-password, disable (changes are audited as 'cli')");
  addUserAddCommand(user);
  addUserResetPasswordCommand(user);
  addUserDisableCommand(user);
}
