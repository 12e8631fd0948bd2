import dayjs from "dayjs";
import timezone from "dayjs/plugin/timezone";
import utc from "dayjs/plugin/utc";

dayjs.extend(utc);
dayjs.extend(timezone);

/** Every time is shown in the sub-district's zone, whatever the browser's zone is. */
export const DISPLAY_TIME_ZONE = "Asia/Shanghai";

/** `2025-03-01 14:05` in Shanghai time; empty for null. */
export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dayjs(iso).tz(DISPLAY_TIME_ZONE).format("YYYY-MM-DD HH:mm") : "";
}

/** `2025-03-01 14:05:09` in Shanghai time, for the audit log. */
export function formatDateTimeSeconds(iso: string | null | undefined): string {
  return iso ? dayjs(iso).tz(DISPLAY_TIME_ZONE).format("YYYY-MM-DD HH:mm:ss") : "";
}

/** The hour of day in Shanghai, for greetings. */
export function shanghaiHour(now = new Date()): number {
  return dayjs(now).tz(DISPLAY_TIME_ZONE).hour();
}

/** Today's long date in the current dayjs language, e.g. `2025年3月1日 星期六`. */
export function formatToday(locale: "zh-CN" | "en", now = new Date()): string {
  const day = dayjs(now).tz(DISPLAY_TIME_ZONE);
  return locale === "zh-CN" ? day.format("YYYY年M月D日 dddd") : day.format("dddd, D MMMM YYYY");
}
