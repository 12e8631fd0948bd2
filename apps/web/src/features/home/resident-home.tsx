import { CameraOutlined, CalendarOutlined, FormOutlined, ShoppingOutlined } from "@ant-design/icons";
import { Alert, Card, Col, Descriptions, Row, Space, Typography, theme } from "antd";
import { Link } from "react-router";
import { useCurrentUser } from "../../app/session";
import { useI18n } from "../../i18n/i18n";
import { ResidentCaseEntries } from "../cases/mobile/home-entries";

/** Landing page for residents (no staff permissions): their details; services arrive later. */
export function ResidentHome() {
  const user = useCurrentUser();
  const { t } = useI18n();
  const { token } = theme.useToken();
  const upcoming = [<CameraOutlined key="photo" />, <CalendarOutlined key="event" />, <ShoppingOutlined key="borrow" />, <FormOutlined key="survey" />];

  return (
    <Space orientation="vertical" size={12} style={{ width: "100%" }}>
      <Card style={{ background: "linear-gradient(135deg, #d4380d 0%, #fa8c16 100%)", border: "none" }}>
        <Typography.Title level={4} style={{ color: "#fff", margin: 0 }} data-testid="home-greeting">
          {t("resident.welcome", { name: user.displayName })}
        </Typography.Title>
        <Typography.Text style={{ color: "rgba(255,255,255,0.9)" }}>
          {user.tenantName} · {t("resident.intro")}
        </Typography.Text>
      </Card>
      <ResidentCaseEntries />
      <Card size="small" title={t("resident.myInfo")} extra={<Link to="/profile">{t("common.edit")}</Link>} data-testid="resident-profile">
        <Descriptions
          column={1}
          size="small"
          items={[
            { key: "name", label: t("profile.displayName"), children: user.displayName },
            { key: "phone", label: t("profile.phone"), children: user.phoneMasked ?? t("common.none") },
            { key: "username", label: t("profile.username"), children: user.username },
          ]}
        />
      </Card>
      <Card size="small">
        <Row gutter={8} style={{ marginBottom: 12 }}>
          {upcoming.map((icon) => (
            <Col span={6} key={icon.key} style={{ textAlign: "center", fontSize: 26, color: token.colorTextQuaternary }}>
              {icon}
            </Col>
          ))}
        </Row>
        <Alert type="info" showIcon title={t("resident.comingSoon")} />
      </Card>
    </Space>
  );
}
