import { Flex, Image } from "antd";
import { useI18n } from "../../../i18n/i18n";

/** A photo as the API lists it (signed-in or tracking-code addresses). */
export interface PhotoLink {
  id: string;
  url: string;
  thumbUrl: string;
}

/** Thumbnails that open full size, swiping through the group; each named by its place ("photo 2"). */
export function CasePhotos({ photos, testId }: { photos: readonly PhotoLink[]; testId: string }) {
  const { t } = useI18n();
  if (!photos.length) return null;
  return (
    <Image.PreviewGroup>
      <Flex wrap gap={8} data-testid={testId}>
        {photos.map((photo, index) => (
          <Image
            key={photo.id}
            alt={t("cases.photo.alt", { n: index + 1 })}
            src={photo.thumbUrl}
            preview={{ src: photo.url }}
            width={72}
            height={72}
            style={{ objectFit: "cover", borderRadius: 6 }}
            data-testid={`${testId}-item`}
          />
        ))}
      </Flex>
    </Image.PreviewGroup>
  );
}
