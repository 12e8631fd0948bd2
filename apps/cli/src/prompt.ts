import readline from "node:readline/promises";
import { CliError } from "./errors";

/**
 * Asks for a typed confirmation on the terminal. Refuses outright when stdin is not a terminal, so
 * a script cannot destroy data by accident: scripts pass `--yes`.
 */
export async function confirm(question: string, expected = "yes"): Promise<boolean> {
  if (!process.stdin.isTTY) {
    throw new CliError("refusing to continue without confirmation: stdin is not a terminal. Pass --yes to confirm in scripts.");
  }
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question} Type "${expected}" to continue: `);
    return answer.trim() === expected;
  } finally {
    rl.close();
  }
}
