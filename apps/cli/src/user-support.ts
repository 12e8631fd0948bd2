import { randomBytes } from "node:crypto";
import { LIMITS, type TUser } from "@caihong/contracts";
import type { ActorContext } from "@caihong/api";
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

/** Prints a password the operator must pass on, once. */
export function printPassword(label: string, password: string): void {
  process.stdout.write(`\n${label} (shown only once; 仅显示这一次; must be changed at first sign-in):\n\n    ${password}\n\n`);
}

/** The user with this login name in the configured tenant, through the users use case, or a CliError. */
export async function getUserByUsername(ctx: ActorContext, username: string): Promise<TUser> {
  const { findUserByUsername } = await import("@caihong/api");
  const user = await findUserByUsername(ctx, username);
  if (!user) throw new CliError(`no user named ${username} in tenant ${ctx.tenantId}.`);
  return user;
}
