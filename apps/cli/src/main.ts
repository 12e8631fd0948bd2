import { exitWithError } from "./errors";
import { buildProgram } from "./program";

try {
  await buildProgram().parseAsync(process.argv);
} catch (err) {
  await exitWithError(err);
}
