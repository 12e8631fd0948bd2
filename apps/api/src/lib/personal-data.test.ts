import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PersonalData, loadMasterKey, maskIdNumber, maskName, maskPhone } from "./personal-data";

describe("personal data", () => {
  const pd = new PersonalData(randomBytes(32));

  it("round-trips encryption and never produces the same ciphertext twice", () => {
    const a = pd.encrypt("13812341234");
    const b = pd.encrypt("13812341234");
    expect(a).not.toEqual(b);
    expect(a).not.toContain("13812341234");
    expect(pd.decrypt(a)).toBe("13812341234");
  });

  it("rejects a tampered ciphertext", () => {
    const sealed = pd.encrypt("310101199001011234");
    const parts = sealed.split(".");
    parts[3] = Buffer.from("x" + Buffer.from(parts[3]!, "base64url").toString("latin1")).toString("base64url");
    expect(() => pd.decrypt(parts.join("."))).toThrow();
  });

  it("hashes deterministically per kind, ignoring spaces and dashes", () => {
    expect(pd.hash("phone", "138 1234 1234")).toBe(pd.hash("phone", "13812341234"));
    expect(pd.hash("phone", "13812341234")).not.toBe(pd.hash("idNumber", "13812341234"));
    expect(new PersonalData(randomBytes(32)).hash("phone", "13812341234")).not.toBe(pd.hash("phone", "13812341234"));
  });

  it("masks phones, ID numbers and names the way the brief shows", () => {
    expect(maskPhone("13812341234")).toBe("138****1234");
    expect(maskIdNumber("310101199001011234")).toBe("310101********1234");
    expect(maskName("张三")).toBe("张*");
    expect(maskName("张三丰")).toBe("张**");
    expect(maskPhone(null)).toBeNull();
  });

  it("creates the embedded key file with mode 0600 and reuses it", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "caihong-key-"));
    const k1 = loadMasterKey({ dataDir: dir, inMemory: false });
    const k2 = loadMasterKey({ dataDir: dir, inMemory: false });
    expect(k1.equals(k2)).toBe(true);
    expect(fs.statSync(path.join(dir, "secret.key")).mode & 0o777).toBe(0o600);
    fs.rmSync(dir, { recursive: true });
  });
});
