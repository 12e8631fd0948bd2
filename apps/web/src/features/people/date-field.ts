import dayjs, { type Dayjs } from "dayjs";
import { DISPLAY_TIME_ZONE } from "../../i18n/format";

/** Today's calendar date in Shanghai as YYYY-MM-DD (the API's date fields are Shanghai dates). */
export function todayInShanghai(): string {
  return dayjs().tz(DISPLAY_TIME_ZONE).format("YYYY-MM-DD");
}

/** True for a day after today in Shanghai (for DatePicker `disabledDate`). */
export function isAfterToday(day: Dayjs): boolean {
  return day.format("YYYY-MM-DD") > todayInShanghai();
}

/**
 * Form.Item props that bind an antd DatePicker to a `YYYY-MM-DD` string, so form values match
 * the contract's date fields without conversion at submit time.
 */
export const dateStringItemProps = {
  getValueProps: (value: string | null | undefined) => ({ value: value ? dayjs(value) : null }),
  normalize: (value: Dayjs | null | undefined) => (value ? value.format("YYYY-MM-DD") : null),
};
