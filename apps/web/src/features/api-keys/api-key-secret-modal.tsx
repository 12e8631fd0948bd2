import { Alert, Button, Modal, Typography } from "antd";
import type { TCreatedApiKey } from "../../api/types";
import { useI18n } from "../../i18n/i18n";

/** Shows a new key's secret the one time it exists in the browser, with a copy button. */
export function ApiKeySecretModal({ apiKey, onClose }: { apiKey: TCreatedApiKey; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <Modal
      open
      title={t("apiKeys.secret.title")}
      closable={false}
      keyboard={false}
      mask={{ closable: false }}
      footer={
        <Button type="primary" onClick={onClose} data-testid="apikey-secret-done">
          {t("apiKeys.secret.done")}
        </Button>
      }
    >
      <Alert type="warning" showIcon title={t("apiKeys.secret.hint")} style={{ marginBottom: 16 }} />
      <Typography.Text strong>{apiKey.name}</Typography.Text>
      <Typography.Paragraph
        copyable={{ text: apiKey.secret, tooltips: [t("common.copy"), t("common.copied")] }}
        code
        style={{ marginTop: 8, wordBreak: "break-all", fontSize: 13 }}
        data-testid="apikey-secret"
      >
        {apiKey.secret}
      </Typography.Paragraph>
    </Modal>
  );
}
