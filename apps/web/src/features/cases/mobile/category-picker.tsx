import { CATEGORY_LEVEL } from "@caihong/domain/cases/categories";
import type { TCaseCategory } from "../../../api/cases";
import { Alert, Button, Flex, Typography } from "antd";
import { useMemo, useState } from "react";
import { useI18n } from "../../../i18n/i18n";
import { useCategoryName } from "../category-select";
import { categoryStandards } from "../dictionary";

interface CategoryPickerProps {
  categories: readonly TCaseCategory[];
  /** The chosen 小类 id (reports are filed under 小类 only). */
  value?: string;
  onChange?: (id: string) => void;
  testId: string;
}

const byPosition = (a: TCaseCategory, b: TCaseCategory) => a.position - b.position || a.code.localeCompare(b.code);

/**
 * Two taps: the 大类, then its 小类; the chosen 小类's 立案标准 is shown under it so the reporter
 * knows whether the problem qualifies. Test ids `<testId>-group-<code>`, `<testId>-<code>`,
 * `<testId>-standard`.
 */
export function CategoryPicker({ categories, value, onChange, testId }: CategoryPickerProps) {
  const { t, locale } = useI18n();
  const nameOf = useCategoryName();
  const groups = useMemo(() => categories.filter((c) => c.level === CATEGORY_LEVEL.class && c.active).sort(byPosition), [categories]);
  const chosen = categories.find((c) => c.id === value);
  const [groupId, setGroupId] = useState<string | null>(chosen?.parentId ?? null);
  const activeGroupId = chosen?.parentId ?? groupId;
  const leaves = useMemo(
    () => categories.filter((c) => c.level === CATEGORY_LEVEL.subclass && c.active && c.parentId === activeGroupId).sort(byPosition),
    [categories, activeGroupId],
  );

  return (
    <Flex vertical gap={8}>
      <Flex wrap gap={6}>
        {groups.map((group) => (
          <Button
            key={group.id}
            size="small"
            type={group.id === activeGroupId ? "primary" : "default"}
            onClick={() => setGroupId(group.id)}
            data-testid={`${testId}-group-${group.code}`}
          >
            {nameOf(group)}
          </Button>
        ))}
      </Flex>
      {activeGroupId ? (
        <Flex wrap gap={6} style={{ paddingTop: 4 }}>
          {leaves.map((leaf) => (
            <Button
              key={leaf.id}
              size="small"
              color={leaf.id === value ? "primary" : "default"}
              variant={leaf.id === value ? "solid" : "outlined"}
              onClick={() => onChange?.(leaf.id)}
              data-testid={`${testId}-${leaf.code}`}
            >
              {nameOf(leaf)}
            </Button>
          ))}
        </Flex>
      ) : (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t("mobile.report.pickGroup")}
        </Typography.Text>
      )}
      {chosen && categoryStandards(chosen, locale).filing ? (
        <Alert
          type="info"
          showIcon
          data-testid={`${testId}-standard`}
          title={t("mobile.report.filingStandard", { name: nameOf(chosen) })}
          description={categoryStandards(chosen, locale).filing}
        />
      ) : null}
    </Flex>
  );
}
