import { PlusOutlined } from "@ant-design/icons";
import { LIMITS } from "@caihong/contracts/constants";
import { App, Upload, type UploadFile } from "antd";
import { useState } from "react";
import { uploadCasePhoto } from "../../api/cases";
import { useProblemHandler } from "../../components/use-problem";
import { useI18n } from "../../i18n/i18n";

/** Photos per report or step, and bytes per photo, as the server takes them. */
const { max: MAX_PHOTOS, bytes: MAX_BYTES } = LIMITS.casePhotos;

interface PhotoUploadProps {
  /** Ids of the uploaded photos, in order. */
  value?: string[];
  onChange?: (ids: string[]) => void;
  testId: string;
}

/**
 * Photos for a step (evidence) or a report: each file is sent as it is (raw body with its own
 * content type) as soon as it is chosen; the server strips EXIF and answers with the photo id.
 */
export function PhotoUpload({ onChange, testId }: PhotoUploadProps) {
  const { t } = useI18n();
  const onProblem = useProblemHandler();
  const { message } = App.useApp();
  const [files, setFiles] = useState<UploadFile[]>([]);

  const publish = (next: UploadFile[]) => {
    setFiles(next);
    onChange?.(next.filter((file) => file.status === "done" && typeof file.response === "string").map((file) => file.response as string));
  };

  return (
    <div data-testid={testId}>
    <Upload
      accept="image/jpeg,image/png,image/webp"
      listType="picture-card"
      multiple
      fileList={files}
      maxCount={MAX_PHOTOS}
      beforeUpload={(file) => {
        if (file.size > MAX_BYTES) {
          void message.error(t("cases.photo.tooLarge"));
          return Upload.LIST_IGNORE;
        }
        return true;
      }}
      customRequest={({ file, onSuccess, onError }) => {
        uploadCasePhoto(file as Blob).then(
          (photo) => onSuccess?.(photo.id),
          (error: unknown) => {
            onProblem(error);
            onError?.(error as Error);
          },
        );
      }}
      onChange={({ fileList }) => {
        // The thumbnail shown is the server's (EXIF-free) one once the upload is done.
        publish(fileList.filter((file) => file.status !== "error"));
      }}
    >
      {files.length >= MAX_PHOTOS ? null : (
        <button type="button" style={{ border: 0, background: "none", cursor: "pointer" }}>
          <PlusOutlined />
          <div style={{ marginTop: 8 }}>{t("cases.photo.add")}</div>
        </button>
      )}
    </Upload>
    </div>
  );
}
