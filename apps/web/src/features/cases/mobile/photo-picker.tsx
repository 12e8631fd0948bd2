import { CameraOutlined, CloseOutlined, ExclamationCircleOutlined, LoadingOutlined, PictureOutlined } from "@ant-design/icons";
import { LIMITS } from "@caihong/contracts/constants";
import { App, Flex, Typography, theme } from "antd";
import { useCallback, useEffect, useRef, useState, type ChangeEvent, type CSSProperties } from "react";
import { useProblemHandler } from "../../../components/use-problem";
import { useI18n } from "../../../i18n/i18n";

/** The types the server accepts (checked again there, by content). */
export const PHOTO_ACCEPT = "image/jpeg,image/png,image/webp";
const ACCEPTED_TYPES = PHOTO_ACCEPT.split(",");
/** "up to 10 MB each", as the server's body limit. */
const MAX_BYTES = LIMITS.casePhotos.bytes;
/** Photos per report or step. */
export const MAX_PHOTOS = LIMITS.casePhotos.max;

/** One chosen photo: shown from the local file at once, uploaded in the background. */
export interface PickedPhoto {
  key: string;
  previewUrl: string;
  /** Server id once uploaded. */
  id: string | null;
  status: "uploading" | "done" | "error";
}

export interface PhotoUploads {
  photos: PickedPhoto[];
  /** Ids of the uploaded photos, in the order chosen. */
  ids: string[];
  isUploading: boolean;
  add: (files: File[]) => void;
  remove: (key: string) => void;
}

let nextKey = 0;

/**
 * Photos uploaded as soon as they are chosen (so submitting only sends ids), each previewed from
 * its local file; wrong types and oversized files are refused before any upload.
 */
export function usePhotoUploads(upload: (file: File) => Promise<{ id: string }>, max = MAX_PHOTOS): PhotoUploads {
  const { t } = useI18n();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const photosRef = useRef(photos);
  photosRef.current = photos;

  // Object URLs hold the file in memory until revoked.
  useEffect(() => () => photosRef.current.forEach((photo) => URL.revokeObjectURL(photo.previewUrl)), []);

  const add = useCallback(
    (files: File[]) => {
      const room = max - photosRef.current.length;
      if (files.length > room) void message.warning(t("mobile.photos.tooMany", { max }));
      for (const file of files.slice(0, Math.max(0, room))) {
        if (!ACCEPTED_TYPES.includes(file.type)) {
          void message.error(t("mobile.photos.badType"));
          continue;
        }
        if (file.size > MAX_BYTES) {
          void message.error(t("mobile.photos.tooLarge"));
          continue;
        }
        const key = `photo-${++nextKey}`;
        const picked: PickedPhoto = { key, previewUrl: URL.createObjectURL(file), id: null, status: "uploading" };
        setPhotos((prev) => [...prev, picked]);
        upload(file).then(
          (uploaded) => setPhotos((prev) => prev.map((photo) => (photo.key === key ? { ...photo, id: uploaded.id, status: "done" } : photo))),
          (err: unknown) => {
            setPhotos((prev) => prev.map((photo) => (photo.key === key ? { ...photo, status: "error" } : photo)));
            onProblem(err);
          },
        );
      }
    },
    [max, message, onProblem, t, upload],
  );

  const remove = useCallback((key: string) => {
    setPhotos((prev) => {
      const gone = prev.find((photo) => photo.key === key);
      if (gone) URL.revokeObjectURL(gone.previewUrl);
      return prev.filter((photo) => photo.key !== key);
    });
  }, []);

  const ids = photos.flatMap((photo) => (photo.id ? [photo.id] : []));
  return { photos, ids, isUploading: photos.some((photo) => photo.status === "uploading"), add, remove };
}

const TILE = 72;

/**
 * Thumbnails of the chosen photos with a remove button each, then two tiles: the camera
 * (`capture`, straight to the back camera on phones) and the album (several at once).
 * Test ids: `<testId>-input` (album), `<testId>-camera`, `<testId>-thumb` (each, `data-status`),
 * `<testId>-remove-<n>`.
 */
export function PhotoPicker({ uploads, testId, max = MAX_PHOTOS }: { uploads: PhotoUploads; testId: string; max?: number }) {
  const { t } = useI18n();
  const { token } = theme.useToken();
  const tile: CSSProperties = {
    width: TILE,
    height: TILE,
    borderRadius: token.borderRadius,
    border: `1px dashed ${token.colorBorder}`,
    background: token.colorFillQuaternary,
    display: "flex",
    flexDirection: "column",
    alignItems: "center",
    justifyContent: "center",
    cursor: "pointer",
    color: token.colorTextSecondary,
    fontSize: 12,
    gap: 2,
    flex: "none",
  };
  const onFiles = (event: ChangeEvent<HTMLInputElement>) => {
    uploads.add(Array.from(event.target.files ?? []));
    // The same file chosen again must fire change again.
    event.target.value = "";
  };
  const isFull = uploads.photos.length >= max;

  return (
    <div>
      <Flex wrap gap={8}>
        {uploads.photos.map((photo, index) => (
          <div
            key={photo.key}
            data-testid={`${testId}-thumb`}
            data-status={photo.status}
            style={{
              position: "relative",
              width: TILE,
              height: TILE,
              borderRadius: token.borderRadius,
              overflow: "hidden",
              border: `1px solid ${photo.status === "error" ? token.colorError : token.colorBorderSecondary}`,
              flex: "none",
            }}
          >
            <img src={photo.previewUrl} alt="" style={{ width: "100%", height: "100%", objectFit: "cover", display: "block" }} />
            {photo.status !== "done" ? (
              <Flex
                align="center"
                justify="center"
                style={{ position: "absolute", inset: 0, background: "rgba(0,0,0,0.35)", color: "#fff", fontSize: 20 }}
              >
                {photo.status === "uploading" ? <LoadingOutlined /> : <ExclamationCircleOutlined />}
              </Flex>
            ) : null}
            <button
              type="button"
              aria-label={t("mobile.photos.remove")}
              data-testid={`${testId}-remove-${index}`}
              onClick={() => uploads.remove(photo.key)}
              style={{
                position: "absolute",
                top: 0,
                right: 0,
                width: 24,
                height: 24,
                border: "none",
                borderBottomLeftRadius: token.borderRadius,
                background: "rgba(0,0,0,0.55)",
                color: "#fff",
                cursor: "pointer",
                padding: 0,
              }}
            >
              <CloseOutlined style={{ fontSize: 12 }} />
            </button>
          </div>
        ))}
        {isFull ? null : (
          <>
            <label style={tile}>
              <CameraOutlined style={{ fontSize: 22 }} />
              {t("mobile.photos.camera")}
              <input type="file" accept={PHOTO_ACCEPT} capture="environment" style={{ display: "none" }} onChange={onFiles} data-testid={`${testId}-camera`} />
            </label>
            <label style={tile}>
              <PictureOutlined style={{ fontSize: 22 }} />
              {t("mobile.photos.album")}
              <input type="file" accept={PHOTO_ACCEPT} multiple style={{ display: "none" }} onChange={onFiles} data-testid={`${testId}-input`} />
            </label>
          </>
        )}
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12, display: "block", marginTop: 4 }}>
        {t("mobile.photos.hint", { count: uploads.photos.length, max })}
      </Typography.Text>
    </div>
  );
}
