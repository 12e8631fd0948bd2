import { Command } from "commander";
import { addBackupCommand } from "./backup";
import { addGridsCommand } from "./grids";
import { addLocateCommand } from "./locate";
import { addMigrateCommand } from "./migrate";
import { addRestoreCommand } from "./restore";
import { addRollupsCommand } from "./rollups";
import { addSeedCommand } from "./seed";
import { addServeCommand } from "./serve";
import { addUserCommand } from "./user";

/** The `caihong` program: every command reads configuration through loadConfig(). */
export function buildProgram(): Command {
  const program = new Command()
    .name("caihong")
    .description("彩虹桥 Caihong — grid-governance platform: server and administration commands")
    .version("0.1.0")
    .showHelpAfterError()
    .addHelpText("after", "\nConfiguration is read from the environment (DATABASE_URL, CAIHONG_DATA_DIR, …) exactly as by the server.");
  addServeCommand(program);
  addMigrateCommand(program);
  addSeedCommand(program);
  addBackupCommand(program);
  addRestoreCommand(program);
  addUserCommand(program);
  addGridsCommand(program);
  addLocateCommand(program);
  addRollupsCommand(program);
  return program;
}
