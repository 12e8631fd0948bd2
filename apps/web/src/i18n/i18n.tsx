import type { TLocale } from "@caihong/contracts";
import { DEFAULT_LOCALE, LOCALES } from "@caihong/contracts/constants";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import { createContext, useCallback, useContext, useLayoutEffect, useMemo, useState, type ReactNode } from "react";
import { setApiLocale } from "../api/client";
import { en } from "./en";
import { zhCN, type MessageKey, type Messages } from "./zh-CN";

const DICTIONARIES: Record<TLocale, Messages> = { "zh-CN": zhCN, en };
const DAYJS_LOCALES: Record<TLocale, string> = { "zh-CN": "zh-cn", en: "en" };
const STORAGE_KEY = "caihong.locale";

/** Parameters substituted into `{name}` placeholders. */
export type MessageParams = Record<string, string | number>;

export interface I18n {
  locale: TLocale;
  /** Switches the UI language (and remembers it in this browser). */
  setLocale: (locale: TLocale) => void;
  /** Translates a key, filling `{name}` placeholders. */
  t: (key: MessageKey, params?: MessageParams) => string;
  /** Picks the current language from a contracts label table such as PERMISSION_LABELS[p]. */
  label: (table: Readonly<Record<TLocale, string>>) => string;
}

const I18nContext = createContext<I18n | null>(null);

function isLocale(value: unknown): value is TLocale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** The language chosen in this browser before (kept for the sign-in page), else Chinese. */
function readStoredLocale(): TLocale {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLocale(stored)) return stored;
  } catch {
    // Storage may be blocked (private mode); fall back to the default.
  }
  return DEFAULT_LOCALE;
}

function interpolate(template: string, params?: MessageParams): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

// Apply the stored language before the first render so the first requests already carry it.
const initialLocale = readStoredLocale();
setApiLocale(initialLocale);
dayjs.locale(DAYJS_LOCALES[initialLocale]);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<TLocale>(initialLocale);

  const setLocale = useCallback((next: TLocale) => {
    // Module-level side effects first, so requests fired by the re-render use the new language.
    setApiLocale(next);
    dayjs.locale(DAYJS_LOCALES[next]);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not remembered in this browser; the profile still remembers it for signed-in users.
    }
    setLocaleState(next);
  }, []);

  useLayoutEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const value = useMemo<I18n>(() => {
    const dictionary = DICTIONARIES[locale];
    return {
      locale,
      setLocale,
      t: (key, params) => interpolate(dictionary[key], params),
      label: (table) => table[locale],
    };
  }, [locale, setLocale]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The current language and its translator. */
export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useI18n must be used inside I18nProvider");
  return value;
}

export type { MessageKey };
