import type { Command } from "commander";

/** A group of subcommands that open the configured database (`caihong user …`, `caihong grids …`). */
export function addDatabaseCommandGroup(program: Command, name: string, description: string): Command {
  return program
    .command(name)
    .description(description)
    .addHelpText("after", "\nStop a PGlite server first; with PostgreSQL these may run beside the server.");
}
