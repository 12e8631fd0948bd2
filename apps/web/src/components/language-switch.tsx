import type { TLocale } from "@caihong/contracts";
import { LOCALES } from "@caihong/contracts/constants";
import { Segmented } from "antd";
import { useI18n } from "../i18n/i18n";

/** 中文 / English toggle for pages shown before sign-in. */
export function LanguageSwitch({ onChange }: { onChange?: (locale: TLocale) => void }) {
  const { locale, setLocale, t } = useI18n();
  return (
    <Segmented<TLocale>
      size="small"
      value={locale}
      onChange={(next) => (onChange ? onChange(next) : setLocale(next))}
      options={LOCALES.map((value) => ({
        value,
        label: <span data-testid={`lang-${value}`}>{t(`lang.${value}`)}</span>,
      }))}
    />
  );
}
