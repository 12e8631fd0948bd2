import { CameraOutlined, FileSearchOutlined, RightOutlined } from "@ant-design/icons";
import { Card, Col, Flex, Row, Typography, theme } from "antd";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { useI18n, type MessageKey } from "../../../i18n/i18n";

interface Entry {
  to: string;
  icon: ReactNode;
  titleKey: MessageKey;
  descriptionKey: MessageKey;
  testId: string;
}

const ENTRIES: readonly Entry[] = [
  { to: "/report", icon: <CameraOutlined />, titleKey: "mobile.home.report", descriptionKey: "mobile.home.reportHint", testId: "home-report" },
  { to: "/my-reports", icon: <FileSearchOutlined />, titleKey: "mobile.home.myReports", descriptionKey: "mobile.home.myReportsHint", testId: "home-my-reports" },
];

/** The resident landing page's two case entries: 我要反映问题 and 我的反映. */
export function ResidentCaseEntries() {
  const { t } = useI18n();
  const { token } = theme.useToken();
  return (
    <Row gutter={[8, 8]}>
      {ENTRIES.map((entry) => (
        <Col span={12} key={entry.to}>
          <Link to={entry.to} data-testid={entry.testId} style={{ display: "block", height: "100%" }}>
            <Card hoverable size="small" style={{ height: "100%" }} styles={{ body: { padding: 12 } }}>
              <Flex vertical gap={4}>
                <Flex justify="space-between" align="center">
                  <span style={{ fontSize: 26, color: token.colorPrimary }}>{entry.icon}</span>
                  <RightOutlined style={{ color: token.colorTextTertiary }} />
                </Flex>
                <Typography.Text strong>{t(entry.titleKey)}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t(entry.descriptionKey)}
                </Typography.Text>
              </Flex>
            </Card>
          </Link>
        </Col>
      ))}
    </Row>
  );
}
