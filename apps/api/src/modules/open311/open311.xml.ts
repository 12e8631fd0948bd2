/**
 * Open311 GeoReport v2 output: one value, two encodings. JSON is the "mechanical translation" of
 * the XML (lists become arrays); XML is built here by hand because the spec's shape is fixed and
 * small: lists are wrapped in a plural element whose items take the singular name.
 */

/** The two formats of the spec, chosen by the path's suffix. */
export const FORMATS = ["json", "xml"] as const;
export type Open311Format = (typeof FORMATS)[number];

/** Content types the spec names for each format (also the discovery document's `formats`). */
export const CONTENT_TYPES: Record<Open311Format, string> = {
  json: "application/json; charset=utf-8",
  xml: "text/xml; charset=utf-8",
};

/** A value the serializer takes: scalars, records and lists (null/undefined are left out of XML). */
export type Open311Value = string | number | boolean | null | undefined | Open311Value[] | { [key: string]: Open311Value };

/** Item element of each list element of the spec (and of our extensions). */
const ITEM_OF: Record<string, string> = {
  services: "service",
  service_requests: "request",
  service_requests_updates: "request_update",
  service_request_updates: "request_update",
  attributes: "attribute",
  values: "value",
  errors: "error",
  endpoints: "endpoint",
  formats: "format",
  notes: "note",
};

// XML 1.0 forbids these code points even escaped; descriptions come from people, so drop them.
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Escapes text for element content and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

function element(name: string, value: Open311Value): string {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) {
    const item = ITEM_OF[name];
    if (!item) throw new Error(`open311 xml: no item name for list <${name}>`);
    return `<${name}>${value.map((v) => element(item, v)).join("")}</${name}>`;
  }
  if (typeof value === "object") {
    return `<${name}>${Object.entries(value)
      .map(([k, v]) => element(k, v))
      .join("")}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** An XML document: the UTF-8 declaration the spec requires, then `root` holding `value`. */
export function toXml(root: string, value: Open311Value): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${element(root, value) || `<${root}></${root}>`}\n`;
}

/** The body in the chosen format: JSON as is (lists as top-level arrays), XML under `root`. */
export function render(format: Open311Format, root: string, value: Open311Value): string {
  return format === "json" ? JSON.stringify(value) : toXml(root, value);
}

/**
 * Splits `name.ext` into the name and a known format; null when the suffix is missing or not
 * one of the spec's two (an unknown format is a resource that does not exist: 404).
 */
export function splitFormat(file: string): { name: string; format: Open311Format } | null {
  const dot = file.lastIndexOf(".");
  if (dot <= 0) return null;
  const ext = file.slice(dot + 1).toLowerCase();
  return (FORMATS as readonly string[]).includes(ext) ? { name: file.slice(0, dot), format: ext as Open311Format } : null;
}

/** The format a URL asks for, for answering errors in kind (JSON unless it ends in `.xml`). */
export function formatOfUrl(url: string): Open311Format {
  const path = url.split("?")[0] ?? "";
  return /\.xml$/i.test(path) ? "xml" : "json";
}
