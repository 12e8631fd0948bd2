/**
 * multipart/form-data (RFC 7578) read from a buffered body: the fields as name/value pairs in
 * order and the files with their bytes. Small on purpose — the body is already capped by the
 * route's body limit — and strict: anything malformed is the client's error (MultipartError).
 */

export class MultipartError extends Error {}

/** One uploaded file part. */
export interface MultipartFile {
  /** The form field it was sent under (`media`, `photo1`, `file` …). */
  field: string;
  filename: string;
  contentType: string | null;
  data: Buffer;
}

export interface MultipartBody {
  fields: [string, string][];
  files: MultipartFile[];
}

/** The boundary of a `multipart/form-data; boundary=…` content type, or null. */
export function boundaryOf(contentType: string | undefined): string | null {
  const m = /boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType ?? "");
  return m ? (m[1] ?? m[2]!) : null;
}

/** A header parameter (`name="x"`) of a Content-Disposition value. */
function param(disposition: string, name: string): string | null {
  const m = new RegExp(`(?:^|;)\\s*${name}="((?:[^"\\\\]|\\\\.)*)"`, "i").exec(disposition) ?? new RegExp(`(?:^|;)\\s*${name}=([^;\\s]+)`, "i").exec(disposition);
  return m ? m[1]!.replace(/\\(.)/g, "$1") : null;
}

/** Splits a multipart body; `maxParts` bounds the work a crafted body can cause. */
export function parseMultipart(body: Buffer, boundary: string, maxParts = 100): MultipartBody {
  const delimiter = Buffer.from(`--${boundary}`);
  const fields: [string, string][] = [];
  const files: MultipartFile[] = [];
  let at = body.indexOf(delimiter);
  if (at < 0) throw new MultipartError("no boundary in the body");
  for (let parts = 0; ; parts++) {
    at += delimiter.length;
    // The closing delimiter is followed by `--`.
    if (body[at] === 0x2d && body[at + 1] === 0x2d) break;
    if (parts >= maxParts) throw new MultipartError("too many parts");
    if (body[at] === 0x0d && body[at + 1] === 0x0a) at += 2;
    const headerEnd = body.indexOf("\r\n\r\n", at);
    if (headerEnd < 0) throw new MultipartError("a part has no headers");
    const headers = body.subarray(at, headerEnd).toString("utf8").split("\r\n");
    const next = body.indexOf(Buffer.concat([Buffer.from("\r\n"), delimiter]), headerEnd + 4);
    if (next < 0) throw new MultipartError("a part is not closed");
    const data = body.subarray(headerEnd + 4, next);
    const header = (name: string) => headers.find((h) => h.toLowerCase().startsWith(`${name}:`))?.slice(name.length + 1).trim() ?? null;
    const disposition = header("content-disposition");
    const field = disposition ? param(disposition, "name") : null;
    if (!disposition || !/^form-data/i.test(disposition) || field === null) throw new MultipartError("a part is not form-data with a name");
    const filename = param(disposition, "filename");
    if (filename !== null) files.push({ field, filename, contentType: header("content-type"), data: Buffer.from(data) });
    else fields.push([field, data.toString("utf8")]);
    at = next + 2;
  }
  return { fields, files };
}
