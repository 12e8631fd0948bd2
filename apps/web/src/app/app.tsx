import { App as AntApp, ConfigProvider, type ThemeConfig } from "antd";
import enUS from "antd/locale/en_US";
import zhCN from "antd/locale/zh_CN";
import { RouterProvider } from "react-router";
import { I18nProvider, useI18n } from "../i18n/i18n";
import { router } from "./router";
import { SessionProvider } from "./session";

const THEME: ThemeConfig = {
  token: {
    // Warm party-building red-orange, distinct from the error red of danger buttons.
    colorPrimary: "#d4380d",
    borderRadius: 6,
  },
  components: {
    Layout: { headerBg: "#ffffff", bodyBg: "#f5f6f8", siderBg: "#ffffff" },
  },
};

function LocalizedApp() {
  const { locale } = useI18n();
  return (
    <ConfigProvider locale={locale === "en" ? enUS : zhCN} theme={THEME}>
      <AntApp>
        <SessionProvider>
          <RouterProvider router={router} />
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}

/** Providers, outermost first: language, antd (theme + locale + message/modal context), session, router. */
export function AppRoot() {
  return (
    <I18nProvider>
      <LocalizedApp />
    </I18nProvider>
  );
}
