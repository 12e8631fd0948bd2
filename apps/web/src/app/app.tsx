import { App as AntApp, ConfigProvider, type ThemeConfig } from "antd";
import enUS from "antd/locale/en_US";
import zhCN from "antd/locale/zh_CN";
import { RouterProvider } from "react-router";
import { I18nProvider, useI18n } from "../i18n/i18n";
import { router } from "./router";
import { SessionProvider } from "./session";

/** A preset colour's text shade, under both names antd keeps it by (`gold7` and `gold-7`, one CSS variable). */
function tagTextShades(shades: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(shades).flatMap(([color, shade]) => [[`${color}7`, shade], [`${color}-7`, shade]]));
}

/**
 * Colours meet WCAG 2.1 AA / GB/T 37668-2019 (docs/accessibility.md): text at least 4.5:1 against
 * white, the #f5f6f8 page background and its own light tint (tags, alerts). antd's defaults do not:
 * its grey hints and placeholders, its link blue, its status colours and the light-on-light text
 * of its preset tags are darkened here, once, for every page. Hues stay as they were.
 */
const THEME: ThemeConfig = {
  token: {
    // Warm party-building red-orange, distinct from the error red of danger buttons (4.6:1 on white).
    colorPrimary: "#d4380d",
    // Hover darkens instead of lightening: white on it stays readable (6.5:1).
    colorPrimaryHover: "#ad2102",
    borderRadius: 6,
    // Descriptions, hints, counters, icons: 60 % black (5.7:1 on white, 5.3:1 on #f5f6f8).
    colorTextTertiary: "rgba(0, 0, 0, 0.6)",
    colorTextDescription: "rgba(0, 0, 0, 0.6)",
    // A filter's placeholder is its only visible label: 55 % black (4.7:1), still lighter than a value.
    colorTextPlaceholder: "rgba(0, 0, 0, 0.55)",
    // Links and the info colour: antd's blue-7 (6.2:1 on white), blue-8 on hover.
    colorLink: "#0958d9",
    colorLinkHover: "#003eb3",
    colorInfo: "#0958d9",
    // Status colours as text (tags, figures, form errors) on white and on their own tints.
    colorSuccess: "#237804",
    colorWarning: "#ad4e00",
    colorError: "#cf1322",
    // Preset tag colours: the text shade (antd's "-7") one or two steps darker on the same tint.
    ...tagTextShades({ volcano: "#ad2102", orange: "#ad4e00", gold: "#874d00", yellow: "#876800", lime: "#3f6600", green: "#237804", cyan: "#006d75" }),
    // Status tints stay antd's light ones (derived from the darker colours above they turn grey).
    colorSuccessBg: "#f6ffed",
    colorSuccessBorder: "#b7eb8f",
    colorWarningBg: "#fff7e6",
    colorWarningBorder: "#ffd591",
    colorErrorBg: "#fff2f0",
    colorErrorBorder: "#ffccc7",
    colorInfoBg: "#e6f4ff",
    colorInfoBorder: "#91caff",
  },
  components: {
    Layout: { headerBg: "#ffffff", bodyBg: "#f5f6f8", siderBg: "#ffffff" },
    // The selected item: darker red-orange on its tint (6.6:1 instead of 4.3:1).
    Menu: { itemSelectedColor: "#ad2102" },
    // A table's "no rows" text is drawn in the disabled grey: readable instead (4.7:1).
    Table: { colorTextDisabled: "rgba(0, 0, 0, 0.55)" },
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
