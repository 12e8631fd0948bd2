import { Tag } from "antd";
import { useI18n } from "../../i18n/i18n";

/** The 示例 tag on invented demo records (people, organisations, units). */
export function DemoTag() {
  const { t } = useI18n();
  return (
    <Tag color="default" style={{ marginInlineEnd: 0 }}>
      {t("people.demo")}
    </Tag>
  );
}
