import { describe, expect, it } from "vitest";
import { lineProgress } from "./progress";

describe("lineProgress", () => {
  it("prints each step with the seconds since the start, in both languages", () => {
    const lines: string[] = [];
    let now = 1_000;
    const progress = lineProgress((line) => lines.push(line), () => now);
    progress.step("迁移数据库", "Migrating the database");
    now += 3_250;
    progress.step("载入演示数据", "Loading the demo");
    now += 41_000;
    progress.done("就绪", "Ready");
    expect(lines).toEqual(["[  0.0 s] 迁移数据库 · Migrating the database\n", "[  3.3 s] 载入演示数据 · Loading the demo\n", "[ 44.3 s] 就绪 · Ready\n"]);
  });
});
