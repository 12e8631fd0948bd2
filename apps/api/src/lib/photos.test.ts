import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createHash } from "node:crypto";
import sharp from "sharp";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PHOTO_MAX_BYTES, PhotoStore, sniffImageType } from "./photos";

const NOW = new Date("2025-03-07T10:00:00Z");
const GPS_IFD_POINTER = 0x8825;
// 31/1 11/1 0/1 as little-endian rationals: the latitude bytes sharp writes into the EXIF block.
const LATITUDE_BYTES = Buffer.from([31, 1, 11, 1, 0, 1].flatMap((n) => [n, 0, 0, 0]));
const XMP_WITH_GPS =
  '<?xml version="1.0"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
  '<rdf:Description rdf:about="" xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="31,11.0N"/></rdf:RDF></x:xmpmeta>';

let tmp: string;
let root: string;
let store: PhotoStore;

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "caihong-photos-"));
  root = path.join(tmp, "photos");
  store = new PhotoStore(root, () => NOW);
});

afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** A solid-colour canvas to encode in any format. */
const canvas = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 30, b: 30 } } });

/** A JPEG carrying GPS in both EXIF (GPS IFD) and XMP, as a phone camera would write it. */
const jpegWithGps = () =>
  canvas(400, 300)
    .jpeg()
    .withExif({
      IFD0: { Make: "TestCam", Model: "Phone" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "31/1 11/1 0/1", GPSLongitudeRef: "E", GPSLongitude: "121/1 28/1 0/1" },
    })
    .withXmp(XMP_WITH_GPS)
    .toBuffer();

/** Tag numbers in IFD0 of an EXIF block as sharp's metadata() returns it ("Exif\0\0" + TIFF). */
function ifd0Tags(exif: Buffer): number[] {
  const tiff = exif.subarray(6);
  const le = tiff.toString("latin1", 0, 2) === "II";
  const u16 = (at: number) => (le ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number) => (le ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  const ifd = u32(4);
  return Array.from({ length: u16(ifd) }, (_, i) => u16(ifd + 2 + i * 12));
}

/** Every file under `dir`, relative, with forward slashes; [] when `dir` does not exist. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"));
}

/** The metadata blocks a stripped image must not carry. */
async function metadataBlocks(image: Buffer) {
  const meta = await sharp(image).metadata();
  return { exif: meta.exif, xmp: meta.xmp, iptc: meta.iptc, orientation: meta.orientation };
}

const noMetadata = { exif: undefined, xmp: undefined, iptc: undefined, orientation: undefined };

describe("PhotoStore.ingest", () => {
  it("strips EXIF GPS and XMP from a JPEG and its thumbnail and keeps its size", async () => {
    const src = await jpegWithGps();
    const srcMeta = await sharp(src).metadata();
    expect(srcMeta.exif && ifd0Tags(srcMeta.exif)).toContain(GPS_IFD_POINTER);
    expect(src.includes(LATITUDE_BYTES)).toBe(true);
    expect(src.includes("GPSLatitude")).toBe(true);

    const photo = await store.ingest(src);
    const stored = await store.read(photo.key);
    const thumb = await store.read(photo.thumbKey);

    expect(photo).toMatchObject({ mime: "image/jpeg", width: 400, height: 300 });
    for (const image of [stored, thumb]) {
      expect(await metadataBlocks(image)).toEqual(noMetadata);
      expect(image.includes("Exif\0\0")).toBe(false);
      expect(image.includes(LATITUDE_BYTES)).toBe(false);
      expect(image.includes("GPS")).toBe(false);
    }
  });

  it("turns an orientation-6 JPEG upright and drops the orientation tag", async () => {
    // Left half red, right half blue; orientation 6 means "rotate 90° clockwise to display", so red ends on top.
    const width = 400;
    const height = 300;
    const raw = Buffer.alloc(width * height * 3);
    for (let i = 0; i < width * height; i++) raw.set(i % width < width / 2 ? [255, 0, 0] : [0, 0, 255], i * 3);
    const src = await sharp(raw, { raw: { width, height, channels: 3 } }).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    expect((await sharp(src).metadata()).orientation).toBe(6);

    const photo = await store.ingest(src);
    const stored = await store.read(photo.key);

    expect(photo).toMatchObject({ width: 300, height: 400 });
    expect(await metadataBlocks(stored)).toEqual(noMetadata);
    const pixels = await sharp(stored).raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) => [...pixels.data.subarray((y * pixels.info.width + x) * 3, (y * pixels.info.width + x) * 3 + 3)];
    expect(at(150, 20)[0]).toBeGreaterThan(200);
    expect(at(150, 380)[2]).toBeGreaterThan(200);
  });

  it("accepts PNG and WebP by their content and re-encodes each in its own format", async () => {
    const png = await store.ingest(await canvas(64, 48).png().toBuffer());
    const webp = await store.ingest(await canvas(48, 64).webp().toBuffer());

    expect(png).toMatchObject({ mime: "image/png", width: 64, height: 48 });
    expect(png.key).toMatch(/\.png$/);
    expect((await sharp(await store.read(png.key)).metadata()).format).toBe("png");
    expect(webp).toMatchObject({ mime: "image/webp", width: 48, height: 64 });
    expect(webp.key).toMatch(/\.webp$/);
    expect(webp.key).not.toMatch(/\.thumb\.webp$/);
    expect((await sharp(await store.read(webp.key)).metadata()).format).toBe("webp");
  });

  it("stores the photo and its WebP thumbnail under yyyy/mm with owner-only modes and the stored bytes' sha256", async () => {
    expect(fs.existsSync(root)).toBe(false);

    const photo = await store.ingest(await canvas(800, 600).jpeg().toBuffer());

    expect(photo.key).toMatch(/^2025\/03\/[0-9a-f-]{36}\.jpg$/);
    expect(photo.thumbKey).toBe(photo.key.replace(/\.jpg$/, ".thumb.webp"));
    expect(filesUnder(root).sort()).toEqual([photo.key, photo.thumbKey].sort());
    const stored = fs.readFileSync(path.join(root, photo.key));
    expect(photo.bytes).toBe(stored.length);
    expect(photo.sha256).toBe(createHash("sha256").update(stored).digest("hex"));
    for (const dir of [root, path.join(root, "2025"), path.join(root, "2025", "03")]) {
      expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    }
    for (const key of [photo.key, photo.thumbKey]) expect(fs.statSync(path.join(root, key)).mode & 0o777).toBe(0o600);
    const thumbMeta = await sharp(await store.read(photo.thumbKey)).metadata();
    expect(thumbMeta).toMatchObject({ format: "webp", width: 320, height: 240 });
  });

  it("caps the stored photo's long side at 2560 px without enlarging small ones", async () => {
    const big = await store.ingest(await canvas(2000, 3000).jpeg().toBuffer());
    const small = await store.ingest(await canvas(100, 80).png().toBuffer());

    expect(big).toMatchObject({ width: 1707, height: 2560 });
    expect(small).toMatchObject({ width: 100, height: 80 });
    expect(await sharp(await store.read(small.thumbKey)).metadata()).toMatchObject({ width: 100, height: 80 });
  });

  it("accepts a photo of exactly 10 MB", async () => {
    const jpeg = await canvas(40, 30).jpeg().toBuffer();
    const photo = await store.ingest(Buffer.concat([jpeg, Buffer.alloc(PHOTO_MAX_BYTES - jpeg.length)]));
    expect(photo).toMatchObject({ mime: "image/jpeg", width: 40, height: 30 });
  });

  it("rejects more than 10 MB as PAYLOAD_TOO_LARGE and writes nothing", async () => {
    const jpeg = await canvas(40, 30).jpeg().toBuffer();
    const oversized = Buffer.concat([jpeg, Buffer.alloc(PHOTO_MAX_BYTES + 1 - jpeg.length)]);

    await expect(store.ingest(oversized)).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE", status: 413 });
    expect(filesUnder(root)).toEqual([]);
  });

  it("rejects a small file whose header claims more than 50 megapixels as PAYLOAD_TOO_LARGE", async () => {
    const jpeg = await canvas(16, 16).jpeg().toBuffer();
    // Walk the JPEG segments to the frame header and claim 10000 × 10000 there.
    let at = 2;
    while (jpeg[at + 1] !== 0xc0 && jpeg[at + 1] !== 0xc2) at += 2 + jpeg.readUInt16BE(at + 2);
    jpeg.writeUInt16BE(10_000, at + 5);
    jpeg.writeUInt16BE(10_000, at + 7);

    await expect(store.ingest(jpeg)).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    expect(filesUnder(root)).toEqual([]);
  });

  it.each([
    ["an empty upload", async () => Buffer.alloc(0)],
    ["a text file", async () => Buffer.from("这不是照片 / not a photo\n")],
    ["an SVG", async () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>')],
    ["a GIF", () => canvas(20, 20).gif().toBuffer()],
    ["a TIFF", () => canvas(20, 20).tiff().toBuffer()],
    ["a truncated JPEG (its first 200 bytes)", async () => (await canvas(400, 300).jpeg().toBuffer()).subarray(0, 200)],
    ["a file with JPEG magic bytes and junk after them", async () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(500, 7)])],
    ["a RIFF file that is not WebP", async () => Buffer.from("RIFF\x24\x00\x00\x00WAVEfmt ", "latin1")],
  ])("rejects %s as UNSUPPORTED_MEDIA_TYPE with a bilingual message and writes nothing", async (_name, build) => {
    const error = await store.ingest(await build()).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: "UNSUPPORTED_MEDIA_TYPE", status: 415 });
    expect(error).toHaveProperty(["detail", "zh-CN"], expect.any(String));
    expect(error).toHaveProperty(["detail", "en"], expect.stringMatching(/JPEG|empty/));
    expect(filesUnder(root)).toEqual([]);
  });
});

describe("sniffImageType", () => {
  it("recognises JPEG, PNG and WebP by their magic bytes only", async () => {
    expect(sniffImageType(await canvas(8, 8).jpeg().toBuffer())).toBe("image/jpeg");
    expect(sniffImageType(await canvas(8, 8).png().toBuffer())).toBe("image/png");
    expect(sniffImageType(await canvas(8, 8).webp().toBuffer())).toBe("image/webp");
    expect(sniffImageType(await canvas(8, 8).gif().toBuffer())).toBeNull();
    expect(sniffImageType(Buffer.from("photo.jpg"))).toBeNull();
    expect(sniffImageType(Buffer.from([0xff, 0xd8]))).toBeNull();
    expect(sniffImageType(Buffer.from("RIFF\0\0\0\0WEB", "latin1"))).toBeNull();
  });
});

describe("PhotoStore.read and remove", () => {
  it("reads back exactly the bytes it stored", async () => {
    const photo = await store.ingest(await canvas(50, 40).png().toBuffer());
    const stored = await store.read(photo.key);
    expect(createHash("sha256").update(stored).digest("hex")).toBe(photo.sha256);
  });

  it.each(["../x", "/etc/passwd", "2025/03/../../secret.key", "2025\\03\\x.jpg", "", "2025/03/x.jpg"])(
    "refuses the key %j as NOT_FOUND",
    async (key) => {
      await expect(store.read(key)).rejects.toMatchObject({ code: "NOT_FOUND", status: 404 });
      await expect(store.remove(key)).rejects.toMatchObject({ code: "NOT_FOUND" });
    },
  );

  it("reports a well-formed key with no file as NOT_FOUND", async () => {
    await expect(store.read("2025/03/00000000-0000-4000-8000-000000000000.jpg")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("removes a photo and its thumbnail, and removing them again is fine", async () => {
    const photo = await store.ingest(await canvas(50, 40).jpeg().toBuffer());

    for (let round = 0; round < 2; round++) {
      await store.remove(photo.key);
      await store.remove(photo.thumbKey);
    }

    expect(filesUnder(root)).toEqual([]);
    await expect(store.read(photo.key)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
