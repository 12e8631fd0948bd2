import type { TLocale } from "@caihong/contracts";
import { LIMITS, LOCALES } from "@caihong/contracts/constants";
import { App, Button, Descriptions, Divider, Empty, Form, Input, Select, Space } from "antd";
import { useState } from "react";
import { updateProfile } from "../../api/auth.api";
import { useCurrentUser, useSession } from "../../app/session";
import { PageHeader } from "../../components/page-header";
import { RoleScopeTag } from "../../components/role-scope-tag";
import { useProblemHandler } from "../../components/use-problem";
import { useI18n } from "../../i18n/i18n";

/** One's own details: name (editable), language, phone (masked), roles with scopes. */
export function ProfilePage() {
  const user = useCurrentUser();
  const { setUser, changeLocale } = useSession();
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const [form] = Form.useForm<{ displayName: string }>();
  const [isSaving, setIsSaving] = useState(false);

  const save = async ({ displayName }: { displayName: string }) => {
    setIsSaving(true);
    try {
      setUser(await updateProfile({ displayName }));
      void message.success(t("profile.saved"));
    } catch (err) {
      onProblem(err, form);
    } finally {
      setIsSaving(false);
    }
  };

  return (
    <>
      <PageHeader title={t("profile.title")} />
      <Descriptions
        column={1}
        bordered
        size="small"
        styles={{ label: { width: 140 } }}
        items={[
          { key: "username", label: t("profile.username"), children: user.username },
          { key: "phone", label: t("profile.phone"), children: user.phoneMasked ?? t("common.none") },
          { key: "tenant", label: t("profile.tenant"), children: user.tenantName },
          {
            key: "roles",
            label: t("profile.roles"),
            children: user.roles.length ? (
              <Space size={[0, 4]} wrap>
                {user.roles.map((role) => (
                  <RoleScopeTag key={`${role.code}-${role.scope}-${role.gridId ?? ""}`} roleName={role.name} scope={role.scope} gridName={role.gridName} />
                ))}
              </Space>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("profile.noRoles")} style={{ margin: 0 }} />
            ),
          },
        ]}
      />
      <Divider />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ displayName: user.displayName }}
        onFinish={(values) => void save(values)}
        style={{ maxWidth: 420 }}
        requiredMark={false}
      >
        <Form.Item
          name="displayName"
          label={t("profile.displayName")}
          rules={[{ required: true, whitespace: true, min: LIMITS.displayName.min, max: LIMITS.displayName.max }]}
        >
          <Input data-testid="profile-display-name" />
        </Form.Item>
        <Form.Item label={t("profile.language")} htmlFor="profile-locale">
          <Select<TLocale>
            id="profile-locale"
            value={locale}
            onChange={(next) => changeLocale(next).catch(onProblem)}
            options={LOCALES.map((value) => ({ value, label: t(`lang.${value}`) }))}
            data-testid="profile-locale"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={isSaving} data-testid="profile-submit">
          {t("common.save")}
        </Button>
      </Form>
    </>
  );
}
