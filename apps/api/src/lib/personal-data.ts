import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const VERSION = "v1";

/**
 * The one personal-data helper: AES-256-GCM for storage, a keyed hash (HMAC-SHA256) for exact
 * lookup and deduplication, and the masks shown by default. Separate subkeys are derived from the
 * master key so the hash cannot be used to decrypt and vice versa.
 */
export class PersonalData {
  private readonly encKey: Buffer;
  private readonly hashKey: Buffer;
  private readonly macKey: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error("personal-data key must be 32 bytes");
    this.encKey = Buffer.from(hkdfSync("sha256", masterKey, Buffer.alloc(0), "caihong:pd:enc", 32));
    this.hashKey = Buffer.from(hkdfSync("sha256", masterKey, Buffer.alloc(0), "caihong:pd:hash", 32));
    this.macKey = Buffer.from(hkdfSync("sha256", masterKey, Buffer.alloc(0), "caihong:mac", 32));
  }

  /** Encrypts to `v1.<iv>.<tag>.<ciphertext>` (base64url parts). */
  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.encKey, iv);
    const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
  }

  decrypt(sealed: string): string {
    const [version, iv, tag, body] = sealed.split(".");
    if (version !== VERSION || !iv || !tag || body === undefined) throw new Error("unknown personal-data envelope");
    const decipher = createDecipheriv("aes-256-gcm", this.encKey, Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  }

  private readonly maskCache = new Map<string, string | null>();

  /**
   * The masked phone of a ciphertext, cached: lists show masks on every row and decrypting
   * twenty phones per page costs more than the page's query. Only masks are cached.
   */
  maskedPhone(sealed: string): string | null {
    let masked = this.maskCache.get(sealed);
    if (masked === undefined) {
      masked = maskPhone(this.decrypt(sealed));
      if (this.maskCache.size >= 50_000) this.maskCache.delete(this.maskCache.keys().next().value!);
      this.maskCache.set(sealed, masked);
    }
    return masked;
  }

  /** The masked ID number of a ciphertext (cached like maskedPhone). */
  maskedIdNumber(sealed: string): string | null {
    const key = `id:${sealed}`;
    let masked = this.maskCache.get(key);
    if (masked === undefined) {
      masked = maskIdNumber(this.decrypt(sealed));
      if (this.maskCache.size >= 50_000) this.maskCache.delete(this.maskCache.keys().next().value!);
      this.maskCache.set(key, masked);
    }
    return masked;
  }

  /**
   * Keyed hash of a normalized value, for `WHERE phone_hash = $1` and unique constraints; also the
   * limiter's keys and an anonymous report's origin (`address`, `device`, `account`): never stored raw.
   */
  hash(kind: "phone" | "idNumber" | "address" | "device" | "account", value: string): string {
    return createHmac("sha256", this.hashKey).update(`${kind}:${normalize(value)}`).digest("hex");
  }

  /** A MAC of server-issued data (e.g. a proof-of-work challenge), under a key of its own. */
  mac(purpose: string, data: string): string {
    return createHmac("sha256", this.macKey).update(`${purpose}:${data}`).digest("base64url");
  }
}

function normalize(value: string): string {
  return value.replace(/[\s-]/g, "").toUpperCase();
}

/** 13812341234 → 138****1234. */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const p = normalize(phone);
  if (p.length < 7) return "*".repeat(p.length);
  return `${p.slice(0, 3)}${"*".repeat(p.length - 7)}${p.slice(-4)}`;
}

/** 310101199001011234 → 310101********1234. */
export function maskIdNumber(id: string | null | undefined): string | null {
  if (!id) return null;
  const p = normalize(id);
  if (p.length < 10) return "*".repeat(p.length);
  return `${p.slice(0, 6)}${"*".repeat(p.length - 10)}${p.slice(-4)}`;
}

/** 张三丰 → 张**, Alice → A****. */
export function maskName(name: string | null | undefined): string | null {
  if (!name) return null;
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return chars.join("");
  return chars[0] + "*".repeat(chars.length - 1);
}

/**
 * Loads the master key: from configuration when given, else from `<dataDir>/secret.key`,
 * creating that file with mode 0600 on first use.
 */
export function loadMasterKey(opts: { dataKey?: string; dataDir: string; inMemory: boolean }): Buffer {
  if (opts.dataKey) return Buffer.from(opts.dataKey, "base64");
  if (opts.inMemory) return randomBytes(32);
  const file = path.join(opts.dataDir, "secret.key");
  fs.mkdirSync(opts.dataDir, { recursive: true });
  try {
    const key = Buffer.from(fs.readFileSync(file, "utf8").trim(), "base64");
    if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`);
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  const key = randomBytes(32);
  fs.writeFileSync(file, key.toString("base64") + "\n", { mode: 0o600, flag: "wx" });
  return key;
}
