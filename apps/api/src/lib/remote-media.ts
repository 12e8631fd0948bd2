/**
 * Fetching a photo a client names by URL (Open311 `media_url`), without becoming a proxy into the
 * network: only hosts the operator lists, http(s) only, no redirect to another host, a size cap
 * read as the bytes arrive, and a time limit. What comes back is bytes for `PhotoStore.ingest`,
 * which checks the type by content and strips EXIF like any other upload.
 */

/** Why a URL was not fetched; the caller turns it into its protocol's error. */
export type RemoteMediaFailure = "invalid_url" | "host_not_allowed" | "redirect_elsewhere" | "unreachable" | "not_found" | "too_large";

export class RemoteMediaError extends Error {
  constructor(
    readonly reason: RemoteMediaFailure,
    detail: string,
  ) {
    super(detail);
  }
}

export interface RemoteMediaOptions {
  /** Hosts that may be named: `host` (any port) or `host:port`, lower case. */
  hosts: readonly string[];
  /** Largest body accepted, in bytes. */
  maxBytes: number;
  /** Time for the whole fetch, redirects and body included. */
  timeoutMs: number;
  /** Redirects followed, each to an allowed host. */
  maxRedirects?: number;
}

/** True when `url` is http(s) on one of `hosts` (`host` matches any port, `host:port` only that port). */
export function isAllowedMediaUrl(url: URL, hosts: readonly string[]): boolean {
  if (url.protocol !== "http:" && url.protocol !== "https:") return false;
  if (url.username || url.password) return false;
  const host = url.host.toLowerCase();
  const hostname = url.hostname.toLowerCase();
  return hosts.some((h) => h === host || h === hostname);
}

function parse(raw: string, base?: URL): URL {
  try {
    return new URL(raw, base);
  } catch {
    throw new RemoteMediaError("invalid_url", `not a URL: ${raw.slice(0, 100)}`);
  }
}

/** Reads a body up to `maxBytes`, cancelling the transfer as soon as it would pass the cap. */
async function readCapped(response: Response, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw new RemoteMediaError("too_large", `the file is ${declared} bytes; at most ${maxBytes}`);
  }
  const reader = response.body?.getReader();
  if (!reader) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new RemoteMediaError("too_large", `the file is larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * The bytes at `raw`, when it and every redirect stay on an allowed host and the body fits;
 * otherwise a RemoteMediaError saying why. Never follows a redirect by itself (`redirect: manual`).
 */
export async function fetchRemoteMedia(raw: string, options: RemoteMediaOptions): Promise<Buffer> {
  let url = parse(raw);
  if (!isAllowedMediaUrl(url, options.hosts)) throw new RemoteMediaError("host_not_allowed", `host ${url.host || "(none)"} is not on the list`);
  const signal = AbortSignal.timeout(options.timeoutMs);
  const maxRedirects = options.maxRedirects ?? 3;
  for (let hop = 0; ; hop++) {
    let response: Response;
    try {
      response = await fetch(url, { redirect: "manual", signal, headers: { accept: "image/jpeg, image/png, image/webp" } });
    } catch {
      throw new RemoteMediaError("unreachable", `could not fetch ${url.host}`);
    }
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      const location = response.headers.get("location");
      if (!location || hop >= maxRedirects) throw new RemoteMediaError("unreachable", "too many redirects");
      const next = parse(location, url);
      if (!isAllowedMediaUrl(next, options.hosts)) throw new RemoteMediaError("redirect_elsewhere", `redirected to ${next.host}, which is not on the list`);
      url = next;
      continue;
    }
    if (response.status !== 200) {
      await response.body?.cancel();
      throw new RemoteMediaError(response.status === 404 || response.status === 410 ? "not_found" : "unreachable", `the host answered ${response.status}`);
    }
    try {
      return await readCapped(response, options.maxBytes);
    } catch (error) {
      if (error instanceof RemoteMediaError) throw error;
      throw new RemoteMediaError("unreachable", `the transfer from ${url.host} failed`);
    }
  }
}
