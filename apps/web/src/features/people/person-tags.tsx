import type { TPerson } from "@caihong/contracts";
import { STAFF_POST_LABELS } from "@caihong/contracts/constants";
import { Space, Tag } from "antd";
import { useI18n } from "../../i18n/i18n";
import { DemoTag } from "./demo-tag";

/** 党员 / 流动党员 / current posts / 示例 as tags. */
export function PersonTags({ person }: { person: Pick<TPerson, "isPartyMember" | "isFloatingMember" | "posts" | "isDemo"> }) {
  const { t, label } = useI18n();
  return (
    <Space size={[4, 4]} wrap>
      {person.isPartyMember ? <Tag color="red">{t("people.tag.member")}</Tag> : null}
      {person.isFloatingMember ? <Tag color="orange">{t("people.tag.floating")}</Tag> : null}
      {person.posts.map((post) => (
        <Tag key={`${post.post}-${post.gridName}`} color="blue">
          {t("people.tag.post", { post: label(STAFF_POST_LABELS[post.post]), grid: post.gridName })}
        </Tag>
      ))}
      {person.isDemo ? <DemoTag /> : null}
    </Space>
  );
}
