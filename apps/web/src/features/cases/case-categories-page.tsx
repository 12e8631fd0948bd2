import { PlusOutlined } from "@ant-design/icons";
import { TIME_LIMIT_UNIT_LABELS, UNIT_KIND_LABELS } from "@caihong/contracts/constants";
import { App, Button, Flex, Table, Tabs, Tag, Tooltip, Typography, type TableColumnsType } from "antd";
import { useMemo, useState } from "react";
import type { TCaseCategory } from "../../api/cases";
import { isApiError } from "../../api/client";
import { useSession } from "../../app/session";
import { PageHeader } from "../../components/page-header";
import { LoadError } from "../../components/status-pages";
import { testId } from "../../components/test-id";
import { useI18n } from "../../i18n/i18n";
import { CategoryFormDrawer } from "./category-form-drawer";
import { useCaseCategories, useCategoryName } from "./category-select";
import { categoryStandards, fieldLabel } from "./dictionary";
import { WorkCalendarTab } from "./work-calendar-tab";

type CategoryRow = TCaseCategory & { children?: CategoryRow[] };

/** 案件分类: the 大类 → 小类 dictionary with standards and time limits, and the work calendar. */
export function CaseCategoriesPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const canEdit = can("cases.configure");
  return (
    <>
      <PageHeader title={t("categories.title")} description={t("categories.intro")} />
      <Tabs
        items={[
          { key: "categories", label: t("categories.tab"), children: <CategoriesTab canEdit={canEdit} /> },
          { key: "calendar", label: t("calendar.tab"), children: <WorkCalendarTab canEdit={canEdit} /> },
        ]}
        data-testid="categories-tabs"
      />
    </>
  );
}

function CategoriesTab({ canEdit }: { canEdit: boolean }) {
  const { t, label, locale } = useI18n();
  const { message } = App.useApp();
  const name = useCategoryName();
  const { categories, isLoading, error, reload } = useCaseCategories();
  const [editing, setEditing] = useState<{ category: TCaseCategory | null; parent: TCaseCategory | null } | null>(null);

  const rows = useMemo<CategoryRow[]>(
    () =>
      categories
        .filter((category) => category.parentId === null)
        .map((top) => {
          const children = categories.filter((child) => child.parentId === top.id);
          // No empty array: antd would draw an expand button that opens nothing.
          return children.length > 0 ? { ...top, children } : top;
        }),
    [categories],
  );

  const limitText = (limit: TCaseCategory["handleLimit"]) => (limit ? `${limit.value} ${label(TIME_LIMIT_UNIT_LABELS[limit.unit])}` : "—");
  const columns: TableColumnsType<CategoryRow> = [
    {
      title: t("categories.name"),
      key: "name",
      width: 180,
      fixed: "left",
      render: (_, category) => (
        <Flex gap={6} align="center" wrap>
          <Typography.Text type="secondary" style={{ fontVariantNumeric: "tabular-nums" }}>
            {category.code}
          </Typography.Text>
          <Typography.Text strong={category.parentId === null}>{name(category)}</Typography.Text>
          {!category.active ? <Tag>{t("categories.inactive")}</Tag> : null}
          {category.isPrivate ? <Tag data-testid="category-private-tag">{t("categories.private")}</Tag> : null}
        </Flex>
      ),
    },
    {
      title: t("categories.standards"),
      key: "standards",
      width: 200,
      render: (_, category) => {
        const standards = categoryStandards(category, locale);
        return standards.filing || standards.closing ? (
          <div style={{ maxWidth: 200 }}>
            {standards.filing ? (
              <Typography.Text style={{ display: "block", fontSize: 13 }} ellipsis={{ tooltip: standards.filing }}>
                <Typography.Text type="secondary">{t("categories.filingShort")}</Typography.Text>
                {standards.filing}
              </Typography.Text>
            ) : null}
            {standards.closing ? (
              <Typography.Text style={{ display: "block", fontSize: 13 }} ellipsis={{ tooltip: standards.closing }}>
                <Typography.Text type="secondary">{t("categories.closingShort")}</Typography.Text>
                {standards.closing}
              </Typography.Text>
            ) : null}
          </div>
        ) : (
          "—"
        );
      },
    },
    { title: t("categories.ackLimit"), dataIndex: "ackLimit", width: 100, render: limitText },
    { title: t("categories.handleLimit"), dataIndex: "handleLimit", width: 72, render: limitText },
    { title: t("categories.closeLimit"), dataIndex: "closeLimit", width: 72, render: limitText },
    { title: t("categories.defaultUnitKind"), dataIndex: "defaultUnitKind", width: 95, render: (kind: TCaseCategory["defaultUnitKind"]) => (kind ? label(UNIT_KIND_LABELS[kind]) : "—") },
    { title: t("categories.dedupeRadius"), dataIndex: "dedupeRadiusM", width: 75, render: (meters: number, category) => (category.parentId ? `${meters} m` : "—") },
    {
      title: t("categories.fields"),
      dataIndex: "fields",
      width: 100,
      render: (fields: TCaseCategory["fields"]) =>
        fields.length > 0 ? (
          <Flex gap={4} wrap>
            {fields.map((field) => (
              <Tooltip key={field.code} title={field.code}>
                <Tag style={{ marginInlineEnd: 0 }}>{fieldLabel(field, locale)}</Tag>
              </Tooltip>
            ))}
          </Flex>
        ) : (
          "—"
        ),
    },
  ];
  if (canEdit) {
    columns.push({
      title: t("common.actions"),
      key: "actions",
      width: 130,
      fixed: "right",
      render: (_, category) => (
        <Flex gap={4} wrap>
          <Button type="link" size="small" onClick={() => setEditing({ category, parent: null })} data-testid={`category-edit-${category.code}`}>
            {t("common.edit")}
          </Button>
          {category.parentId === null ? (
            <Button type="link" size="small" onClick={() => setEditing({ category: null, parent: category })} data-testid={`category-add-child-${category.code}`}>
              {t("categories.addChild")}
            </Button>
          ) : null}
        </Flex>
      ),
    });
  }

  if (error && categories.length === 0) return <LoadError onRetry={reload} detail={isApiError(error) ? error.problem.detail : undefined} />;
  return (
    <>
      {canEdit ? (
        <Flex justify="flex-end" style={{ marginBottom: 12 }}>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ category: null, parent: null })} data-testid="category-add-top">
            {t("categories.addTop")}
          </Button>
        </Flex>
      ) : null}
      <Table<CategoryRow>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={rows}
        loading={isLoading}
        pagination={false}
        scroll={{ x: "max-content" }}
        expandable={{ defaultExpandAllRows: true }}
        onRow={(category) => testId(`category-row-${category.code}`)}
        data-testid="categories-table"
        key={rows.length === 0 ? "empty" : "loaded"}
      />
      {editing ? (
        <CategoryFormDrawer
          category={editing.category}
          parent={editing.parent}
          onClose={() => setEditing(null)}
          onSaved={(saved, isNew) => {
            setEditing(null);
            void message.success(isNew ? t("categories.created", { name: saved.name }) : t("categories.updated", { name: saved.name }));
            reload();
          }}
          onConflict={() => {
            setEditing(null);
            reload();
          }}
        />
      ) : null}
    </>
  );
}
