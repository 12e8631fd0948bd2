import { StopOutlined } from "@ant-design/icons";
import { LIMITS } from "@caihong/contracts/constants";
import { Alert, App, Button, Flex, Form, Input, Modal, Select, Table, Tag, Typography } from "antd";
import { useMemo, useState } from "react";
import { listCaseFloods, voidCaseFlood, type TCaseFlood } from "../../api/case-floods.api";
import { useRequest } from "../../api/hooks";
import { LoadError } from "../../components/status-pages";
import { testId } from "../../components/test-id";
import { useProblemHandler } from "../../components/use-problem";
import { formatDateTime } from "../../i18n/format";
import { useI18n } from "../../i18n/i18n";

const RANGES = { "1h": 3_600_000, "6h": 6 * 3_600_000, "24h": 24 * 3_600_000, "7d": 7 * 24 * 3_600_000 } as const;
type RangeKey = keyof typeof RANGES;

/** A short, stable label of a source hash (never the address itself: the server only has the hash). */
const shortSource = (source: string) => source.slice(0, 10);

/**
 * 批量注销灌水 (ADR 0014): sources — a hashed address or device — with several anonymous reports
 * still awaiting filing in a recent range, and one step that voids all of a source's cases after
 * a confirmation naming the count. Each case is voided through the workflow and audited.
 */
export function FloodVoidButton({ onVoided }: { onVoided: () => void }) {
  const { t } = useI18n();
  const [isOpen, setIsOpen] = useState(false);
  return (
    <>
      <Button danger icon={<StopOutlined />} onClick={() => setIsOpen(true)} data-testid="cases-floods">
        {t("cases.floods.open")}
      </Button>
      {isOpen ? <FloodModal onClose={() => setIsOpen(false)} onVoided={onVoided} /> : null}
    </>
  );
}

function FloodModal({ onClose, onVoided }: { onClose: () => void; onVoided: () => void }) {
  const { t } = useI18n();
  const [rangeKey, setRangeKey] = useState<RangeKey>("24h");
  // The range is fixed when chosen: the confirmed count is about exactly these cases.
  const [anchor, setAnchor] = useState(() => Date.now());
  const range = useMemo(() => ({ from: new Date(anchor - RANGES[rangeKey]).toISOString(), to: new Date(anchor).toISOString() }), [anchor, rangeKey]);
  const floods = useRequest(() => listCaseFloods({ ...range, minCount: 3 }), [range]);
  const [chosen, setChosen] = useState<TCaseFlood | null>(null);
  return (
    <Modal open title={t("cases.floods.title")} onCancel={onClose} footer={null} width={860} destroyOnHidden data-testid="case-floods-modal">
      <Typography.Paragraph type="secondary">{t("cases.floods.hint")}</Typography.Paragraph>
      <Flex gap={8} align="center" style={{ marginBottom: 12 }}>
        <label htmlFor="case-floods-range">{t("cases.floods.range")}</label>
        <Select<RangeKey>
          id="case-floods-range"
          value={rangeKey}
          onChange={(value) => {
            setRangeKey(value);
            setAnchor(Date.now());
          }}
          options={(Object.keys(RANGES) as RangeKey[]).map((key) => ({ value: key, label: t(`cases.floods.range.${key}`) }))}
          style={{ width: 160 }}
          data-testid="case-floods-range"
        />
      </Flex>
      {floods.error ? <LoadError onRetry={floods.reload} /> : null}
      <Table<TCaseFlood>
        size="small"
        loading={!floods.data && !floods.error}
        rowKey={(row) => `${row.kind}:${row.source}`}
        dataSource={floods.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t("cases.floods.empty") }}
        data-testid="case-floods-table"
        columns={[
          {
            title: t("cases.floods.kind"),
            key: "kind",
            width: 150,
            render: (_, row) => (
              <>
                <Tag>{t(`cases.floods.kind.${row.kind}`)}</Tag>
                <Typography.Text code>{shortSource(row.source)}</Typography.Text>
              </>
            ),
          },
          { title: t("cases.floods.count"), dataIndex: "count", width: 100, align: "right" },
          { title: t("cases.floods.period"), key: "period", width: 230, render: (_, row) => `${formatDateTime(row.firstAt)} – ${formatDateTime(row.lastAt)}` },
          { title: t("cases.floods.samples"), key: "samples", render: (_, row) => row.sampleNumbers.join("、") },
          {
            title: "",
            key: "void",
            width: 120,
            render: (_, row) => (
              <Button danger size="small" onClick={() => setChosen(row)} data-testid="case-floods-void">
                {t("cases.floods.void", { count: row.count })}
              </Button>
            ),
          },
        ]}
      />
      {chosen ? (
        <ConfirmVoid
          flood={chosen}
          range={range}
          onCancel={() => setChosen(null)}
          onDone={() => {
            setChosen(null);
            setAnchor(Date.now());
            onVoided();
          }}
        />
      ) : null}
    </Modal>
  );
}

function ConfirmVoid({ flood, range, onCancel, onDone }: { flood: TCaseFlood; range: { from: string; to: string }; onCancel: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const [form] = Form.useForm<{ reason: string }>();
  const [isSaving, setIsSaving] = useState(false);
  const submit = async ({ reason }: { reason: string }) => {
    setIsSaving(true);
    try {
      const result = await voidCaseFlood({ kind: flood.kind, source: flood.source, ...range, reason: reason.trim(), expectedCount: flood.count });
      void message.success(result.failed ? t("cases.floods.doneWithFailures", { voided: result.voided, failed: result.failed }) : t("cases.floods.done", { voided: result.voided }));
      onDone();
    } catch (err) {
      onProblem(err, form);
    } finally {
      setIsSaving(false);
    }
  };
  return (
    <Modal
      open
      title={t("cases.floods.confirmTitle", { count: flood.count })}
      onCancel={onCancel}
      onOk={() => form.submit()}
      okText={t("cases.floods.void", { count: flood.count })}
      okButtonProps={{ danger: true, loading: isSaving, ...testId("case-floods-confirm") }}
      data-testid="case-floods-confirm-modal"
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 12 }}
        title={t("cases.floods.confirmBody", { count: flood.count, source: shortSource(flood.source), from: formatDateTime(range.from), to: formatDateTime(range.to) })}
        data-testid="case-floods-confirm-count"
      />
      <Form form={form} layout="vertical" initialValues={{ reason: t("cases.floods.reasonDefault") }} onFinish={(values) => void submit(values)}>
        <Form.Item name="reason" label={t("cases.floods.reason")} rules={[{ required: true, whitespace: true }, { max: LIMITS.note.max }]}>
          <Input.TextArea rows={2} maxLength={LIMITS.note.max} data-testid="case-floods-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
