import { Flex, Image } from "antd";

/** A photo as the API lists it (signed-in or tracking-code addresses). */
export interface PhotoLink {
  id: string;
  url: string;
  thumbUrl: string;
}

/** Thumbnails that open full size, swiping through the group. */
export function CasePhotos({ photos, testId }: { photos: readonly PhotoLink[]; testId: string }) {
  if (!photos.length) return null;
  return (
    <Image.PreviewGroup>
      <Flex wrap gap={8} data-testid={testId}>
        {photos.map((photo) => (
          <Image
            key={photo.id}
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
