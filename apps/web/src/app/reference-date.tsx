import dayjs, { type Dayjs } from "dayjs";
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { getTimeSettings, type TTimeSettings } from "../api/settings.api";
import { DISPLAY_TIME_ZONE } from "../i18n/format";

/** The date pages count "as of" (docs/adr/0012-reference-date-and-languages.md). */
export interface ReferenceDate {
  /** The default "as of" and the end of default periods: the tenant's reference date, or today. */
  date: Dayjs;
  /** True when the tenant fixes it (a demo data set): pages say so. */
  isFixed: boolean;
  /** Today in Shanghai (the clocks that act — SLA, escalation — always run on it). */
  today: Dayjs;
  /** Reads the setting again (after an admin changed it). */
  reload: () => void;
}

const ReferenceDateContext = createContext<ReferenceDate | null>(null);

const todayInShanghai = () => dayjs().tz(DISPLAY_TIME_ZONE).format("YYYY-MM-DD");
const asDay = (date: string) => dayjs.tz(date, DISPLAY_TIME_ZONE);

/** Loads the tenant's time settings once per signed-in shell; a failed read falls back to today. */
export function ReferenceDateProvider({ children }: { children: ReactNode }) {
  const [settings, setSettings] = useState<TTimeSettings | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let isCurrent = true;
    getTimeSettings().then(
      (loaded) => {
        if (isCurrent) setSettings(loaded);
      },
      () => {
        const today = todayInShanghai();
        if (isCurrent) setSettings({ referenceDate: today, isFixed: false, today });
      },
    );
    return () => {
      isCurrent = false;
    };
  }, [tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  const value = useMemo<ReferenceDate | null>(
    () => (settings ? { date: asDay(settings.referenceDate), isFixed: settings.isFixed, today: asDay(settings.today), reload } : null),
    [settings, reload],
  );
  return <ReferenceDateContext.Provider value={value}>{children}</ReferenceDateContext.Provider>;
}

/**
 * The tenant's reference date for a page's default "as of" and period — the demo's last day
 * (2021-10-31 for Xinhong) or today — or null while it loads. Every page that opens on a period
 * starts from it; deadlines and countdowns use the real clock instead.
 */
export function useReferenceDate(): ReferenceDate | null {
  return useContext(ReferenceDateContext);
}
