import { describe, expect, it } from "vitest";
import { boundaryOf, MultipartError, parseMultipart } from "./multipart";

/** A body as a browser or LWP writes it. */
function body(boundary: string, parts: { name: string; filename?: string; type?: string; data: string | Buffer }[]): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ""}`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ""}\r\n`));
    chunks.push(Buffer.isBuffer(p.data) ? p.data : Buffer.from(p.data));
    chunks.push(Buffer.from("\r\n"));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

describe("multipart/form-data", () => {
  it("reads fields in order and files with their bytes, CRLFs inside a file included", () => {
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0x0d, 0x0a, 0x2d, 0x2d, 0x00]);
    const parsed = parseMultipart(
      body("xYz", [
        { name: "service_code", data: "0601" },
        { name: "attribute[bike_brand][]", data: "meituan" },
        { name: "description", data: "单车\r\n堆放" },
        { name: "photo1", filename: "a.jpg", type: "image/jpeg", data: jpeg },
      ]),
      "xYz",
    );
    expect(parsed.fields).toEqual([
      ["service_code", "0601"],
      ["attribute[bike_brand][]", "meituan"],
      ["description", "单车\r\n堆放"],
    ]);
    expect(parsed.files).toEqual([{ field: "photo1", filename: "a.jpg", contentType: "image/jpeg", data: jpeg }]);
  });

  it("finds the boundary in the content type, quoted or not", () => {
    expect(boundaryOf("multipart/form-data; boundary=----abc123")).toBe("----abc123");
    expect(boundaryOf('multipart/form-data; boundary="a b"')).toBe("a b");
    expect(boundaryOf("multipart/form-data")).toBeNull();
  });

  it("refuses a body that is not closed, has no boundary or too many parts", () => {
    expect(() => parseMultipart(Buffer.from("hello"), "b")).toThrow(MultipartError);
    expect(() => parseMultipart(Buffer.from('--b\r\nContent-Disposition: form-data; name="x"\r\n\r\nvalue'), "b")).toThrow(MultipartError);
    const many = body("b", Array.from({ length: 5 }, (_, i) => ({ name: `f${i}`, data: "v" })));
    expect(() => parseMultipart(many, "b", 4)).toThrow(MultipartError);
    expect(() => parseMultipart(Buffer.from("--b\r\nContent-Disposition: attachment\r\n\r\nv\r\n--b--"), "b")).toThrow(MultipartError);
  });
});
