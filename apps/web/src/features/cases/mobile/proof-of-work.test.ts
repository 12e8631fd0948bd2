import { describe, expect, it } from "vitest";
import { sha256, solveChallenge } from "./proof-of-work";

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
const subtleHex = async (bytes: Uint8Array<ArrayBuffer>) => hex(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)));

describe("the browser's proof of work", () => {
  it("computes SHA-256 like Web Crypto for short and multi-block inputs (the fallback for plain-HTTP pages)", async () => {
    for (const text of ["", "abc", "0123456789abcdef0123456789abcdef42", "x".repeat(55), "y".repeat(56), "中文".repeat(40)]) {
      const bytes = new TextEncoder().encode(text);
      expect(hex(sha256(bytes))).toBe(await subtleHex(bytes));
    }
  });

  it("finds a counter whose digest has the challenge's leading zero bits", async () => {
    const nonce = "ab".repeat(16);
    const challenge = `${nonce}.10.9999999999.mac`;
    const proof = await solveChallenge(challenge);
    expect(proof.startsWith(`${challenge}.`)).toBe(true);
    const counter = proof.slice(challenge.length + 1);
    expect(counter).toMatch(/^\d+$/);
    expect(await subtleHex(new TextEncoder().encode(`${nonce}${counter}`))).toMatch(/^00[0-3]/);
  });
});
