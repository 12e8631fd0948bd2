import { LIMITS } from "@caihong/contracts";
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { systemClock, type Clock } from "./clock";
import { AppError, msg } from "./errors";

/** The image types a case photo may have ("JPEG, PNG, WebP"). */
export type PhotoMime = "image/jpeg" | "image/png" | "image/webp";

/** Largest accepted upload: "up to 10 MB each". */
export const PHOTO_MAX_BYTES = LIMITS.casePhotos.bytes;
/** Decoded-size cap, so a small file cannot expand into gigabytes of pixels. */
export const PHOTO_MAX_PIXELS = 50_000_000;
/** Long side of the stored photo, in pixels. */
export const PHOTO_MAX_SIDE = 2560;
/** Long side of the thumbnail, in pixels. */
export const PHOTO_THUMB_SIDE = 320;

/** A photo as stored: keys are paths relative to the store's directory, with forward slashes. */
export interface StoredPhoto {
  /** Key of the stripped, re-encoded photo: `yyyy/mm/<uuid>.<ext>`. */
  key: string;
  /** Key of the WebP thumbnail: `yyyy/mm/<uuid>.thumb.webp`. */
  thumbKey: string;
  /** Type found in the content (never taken from a name or a header). */
  mime: PhotoMime;
  /** Width of the stored photo after orientation and downscaling. */
  width: number;
  /** Height of the stored photo after orientation and downscaling. */
  height: number;
  /** Size of the stored photo in bytes. */
  bytes: number;
  /** Hex SHA-256 of the stored (stripped) bytes. */
  sha256: string;
}

const FORMATS = {
  "image/jpeg": { ext: "jpg", sharpFormat: "jpeg" },
  "image/png": { ext: "png", sharpFormat: "png" },
  "image/webp": { ext: "webp", sharpFormat: "webp" },
} as const satisfies Record<PhotoMime, { ext: string; sharpFormat: keyof sharp.FormatEnum }>;

const JPEG_MAGIC = Buffer.from([0xff, 0xd8, 0xff]);
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const RIFF = Buffer.from("RIFF", "latin1");
const WEBP = Buffer.from("WEBP", "latin1");

/** Only keys this store makes; anything else (`..`, absolute, backslashes) cannot name a file. */
const KEY_PATTERN = /^\d{4}\/\d{2}\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.(?:jpg|png|webp|thumb\.webp)$/;

const ACCEPTED = msg("仅支持 JPEG、PNG、WebP 格式的照片", "Only JPEG, PNG and WebP photos are accepted");

/** Image type from the magic bytes alone; null for anything that is not JPEG, PNG or WebP. */
export function sniffImageType(bytes: Uint8Array): PhotoMime | null {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 12));
  if (head.length >= 3 && head.subarray(0, 3).equals(JPEG_MAGIC)) return "image/jpeg";
  if (head.length >= 8 && head.subarray(0, 8).equals(PNG_MAGIC)) return "image/png";
  if (head.length >= 12 && head.subarray(0, 4).equals(RIFF) && head.subarray(8, 12).equals(WEBP)) return "image/webp";
  return null;
}

/** Size and type checks that need no decoding; returns the sniffed type. */
function checkUpload(bytes: Buffer): PhotoMime {
  if (bytes.length === 0) throw new AppError("UNSUPPORTED_MEDIA_TYPE", msg("照片内容为空", "The photo is empty"));
  if (bytes.length > PHOTO_MAX_BYTES) {
    throw new AppError("PAYLOAD_TOO_LARGE", msg("每张照片不能超过 10 MB", "Each photo may be at most 10 MB"));
  }
  const mime = sniffImageType(bytes);
  if (!mime) throw new AppError("UNSUPPORTED_MEDIA_TYPE", ACCEPTED);
  return mime;
}

const undecodable = () =>
  new AppError(
    "UNSUPPORTED_MEDIA_TYPE",
    msg("照片已损坏或无法识别，仅支持 JPEG、PNG、WebP", "The photo is damaged or unreadable; only JPEG, PNG and WebP are accepted"),
  );

/** Sets the encoder for `mime` with the brief's settings; sharp keeps no metadata unless asked to. */
function encodeAs(image: sharp.Sharp, mime: PhotoMime): sharp.Sharp {
  if (mime === "image/jpeg") return image.jpeg({ quality: 85, mozjpeg: true });
  if (mime === "image/webp") return image.webp({ quality: 85 });
  return image.png({ compressionLevel: 9 });
}

/**
 * Decodes the upload, turns it upright (EXIF orientation), caps its long side and re-encodes it in
 * its own format without EXIF, XMP, IPTC or ICC. Any decoding failure is the client's bad file.
 */
async function normalize(bytes: Buffer, mime: PhotoMime): Promise<{ data: Buffer; info: sharp.OutputInfo }> {
  let meta: sharp.Metadata;
  try {
    // Only the header is read here; lifting the limit lets an oversized image get its own error below.
    meta = await sharp(bytes, { failOn: "error", limitInputPixels: false }).metadata();
  } catch {
    throw undecodable();
  }
  if (meta.format !== FORMATS[mime].sharpFormat) throw undecodable();
  if (meta.width * meta.height > PHOTO_MAX_PIXELS) {
    throw new AppError("PAYLOAD_TOO_LARGE", msg("照片像素过多（上限 5000 万像素）", "The photo has too many pixels (at most 50 megapixels)"));
  }
  // autoOrient() is what rotate() without an angle does in sharp 0.34, under its current name.
  const pipeline = sharp(bytes, { failOn: "error", limitInputPixels: PHOTO_MAX_PIXELS })
    .autoOrient()
    .resize(PHOTO_MAX_SIDE, PHOTO_MAX_SIDE, { fit: "inside", withoutEnlargement: true });
  try {
    return await encodeAs(pipeline, mime).toBuffer({ resolveWithObject: true });
  } catch {
    throw undecodable();
  }
}

/** WebP thumbnail of an already normalized (upright, metadata-free) photo. */
function thumbnail(photo: Buffer): Promise<Buffer> {
  return sharp(photo)
    .resize(PHOTO_THUMB_SIDE, PHOTO_THUMB_SIDE, { fit: "inside", withoutEnlargement: true })
    .webp({ quality: 80 })
    .toBuffer();
}

/** Writes to a temporary name in the target's directory, flushes, then renames: readers never see half a file. */
async function writeAtomically(file: string, data: Buffer): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${randomUUID()}.tmp`);
  try {
    const handle = await fs.open(tmp, "wx", 0o600);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, file);
  } catch (error) {
    await fs.rm(tmp, { force: true });
    throw error;
  }
}

const isMissing = (error: unknown) =>
  error instanceof Error && "code" in error && (error.code === "ENOENT" || error.code === "ENOTDIR");

const notFound = () => new AppError("NOT_FOUND", msg("照片不存在", "Photo not found"));

/**
 * Photos attached to cases, kept on disk under one directory: "JPEG, PNG, WebP up to 10 MB each,
 * checked by content not by name; EXIF (GPS included) stripped before storage; thumbnails".
 */
export class PhotoStore {
  /** `dir` is created (mode 0700) on the first write; `clock` picks the yyyy/mm folder (UTC). */
  constructor(
    private readonly dir: string,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Checks, strips and stores an upload with its thumbnail; bad input throws a 4xx AppError and writes nothing. */
  async ingest(bytes: Buffer): Promise<StoredPhoto> {
    const mime = checkUpload(bytes);
    const photo = await normalize(bytes, mime);
    const thumb = await thumbnail(photo.data);
    const { key, thumbKey } = this.newKeys(mime);
    await this.writePair(key, photo.data, thumbKey, thumb);
    return {
      key,
      thumbKey,
      mime,
      width: photo.info.width,
      height: photo.info.height,
      bytes: photo.data.length,
      sha256: createHash("sha256").update(photo.data).digest("hex"),
    };
  }

  /** The stored bytes of a photo or thumbnail; NOT_FOUND when missing or when the key is not one of ours. */
  async read(key: string): Promise<Buffer> {
    try {
      return await fs.readFile(this.fileOf(key));
    } catch (error) {
      if (isMissing(error)) throw notFound();
      throw error;
    }
  }

  /** Deletes one stored file (photo or thumbnail); removing a missing file is not an error. */
  async remove(key: string): Promise<void> {
    await fs.rm(this.fileOf(key), { force: true });
  }

  /** Fresh keys under this month's folder. */
  private newKeys(mime: PhotoMime): { key: string; thumbKey: string } {
    const now = this.clock();
    const folder = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, "0")}`;
    const id = randomUUID();
    return { key: `${folder}/${id}.${FORMATS[mime].ext}`, thumbKey: `${folder}/${id}.thumb.webp` };
  }

  /** Writes the photo and its thumbnail, or neither. */
  private async writePair(key: string, data: Buffer, thumbKey: string, thumb: Buffer): Promise<void> {
    const file = this.fileOf(key);
    // Recursive mkdir gives the root and the yyyy/mm folders the same owner-only mode.
    await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    await writeAtomically(file, data);
    try {
      await writeAtomically(this.fileOf(thumbKey), thumb);
    } catch (error) {
      await fs.rm(file, { force: true });
      throw error;
    }
  }

  /** Absolute path of a key; refuses anything this store could not have produced. */
  private fileOf(key: string): string {
    if (!KEY_PATTERN.test(key)) throw notFound();
    return path.join(this.dir, ...key.split("/"));
  }
}
