import pino from "pino";
import { describe, expect, it } from "vitest";
import { loggerOptions, redactingDestination, scrubUrl } from "./logging";
import { logSmsSender } from "./sms";

/** A destination that keeps the lines it is given. */
function memory() {
  const lines: string[] = [];
  return { lines, write: (line: string) => lines.push(line) };
}

describe("log redaction", () => {
  it("stars phone and ID numbers in every line and keeps the line valid JSON", () => {
    const out = memory();
    const log = pino({ level: "debug" }, redactingDestination(out));
    log.info({ url: "/api/v1/cases?q=13800138000", detail: "Key (id_number)=(110101199003078515) exists" }, "reporter 138 0013 8000 wrote in");
    const line = out.lines.join("");
    expect(line).not.toMatch(/13800138000|0013 8000|110101199003078515/);
    expect(() => JSON.parse(line)).not.toThrow();
    expect(JSON.parse(line).msg).toBe("reporter *** **** **** wrote in");
  });

  it("scrubs credentials from logged URLs", () => {
    expect(scrubUrl("/api/v1/public/case-photos/1?number=XH-2026-000001&code=ABCD2345&thumb=true")).toBe("/api/v1/public/case-photos/1?number=XH-2026-000001&code=[redacted]&thumb=true");
    expect(scrubUrl("/open311/v2/servicerequestupdates.xml?api_key=sk_live_1&start_date=x")).toBe("/open311/v2/servicerequestupdates.xml?api_key=[redacted]&start_date=x");
  });

  it("the server's options serialize requests with scrubbed URLs", () => {
    const out = memory();
    const options = loggerOptions("info", out);
    const log = pino(options, options.stream);
    log.info({ req: { method: "GET", url: "/api/v1/public/cases/track?number=XH-1&code=SECRET99", host: "h", ip: "127.0.0.1" } }, "incoming request");
    expect(JSON.parse(out.lines[0]!).req).toEqual({ method: "GET", url: "/api/v1/public/cases/track?number=XH-1&code=[redacted]", host: "h", remoteAddress: "127.0.0.1" });
  });
});

describe("log SMS sender", () => {
  const text = "【彩虹桥】您的注册验证码是 654321，10 分钟内有效。";

  it("masks the number and withholds the text (and its code) outside development", async () => {
    const out = memory();
    await logSmsSender(pino({}, out), { showText: false }).send("13800138000", text);
    const line = out.lines.join("");
    expect(line).toContain("SMS to 138****8000");
    expect(line).not.toContain("13800138000");
    expect(line).not.toContain("654321");
  });

  it("writes the text in development, still with the number masked", async () => {
    const out = memory();
    await logSmsSender(pino({}, out), { showText: true }).send("13800138000", text);
    const line = out.lines.join("");
    expect(line).toContain(`SMS to 138****8000: ${text}`);
    expect(line).not.toContain("13800138000");
  });
});
