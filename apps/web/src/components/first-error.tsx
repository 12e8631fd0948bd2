import type { FormInstance } from "antd";
import { Alert } from "antd";
import { useCallback, useState } from "react";

/** The first field of a form (in the order its fields are rendered) that shows an error, with its message. */
export function firstFieldError(form: FormInstance): { name: (string | number)[]; message: string; count: number } | null {
  const withErrors = form.getFieldsError().filter((field) => field.errors.length > 0);
  const first = withErrors[0];
  return first ? { name: first.name, message: first.errors[0]!, count: withErrors.length } : null;
}

/**
 * After a failed submit (a client rule or the server's field errors placed by useProblemHandler):
 * scrolls the first field in error into view, moves the focus there, and returns what an
 * `aria-live` region should announce — so an error above the fold is neither missed on screen
 * nor by a screen reader.
 */
export function useFirstErrorReveal(form: FormInstance, describe: (message: string, count: number) => string) {
  const [announcement, setAnnouncement] = useState<string | null>(null);
  const reveal = useCallback(() => {
    const first = firstFieldError(form);
    if (!first) {
      setAnnouncement(null);
      return false;
    }
    form.scrollToField(first.name, { block: "center", behavior: "smooth", focus: true });
    setAnnouncement(describe(first.message, first.count));
    return true;
  }, [form, describe]);
  const clear = useCallback(() => setAnnouncement(null), []);
  return { announcement, reveal, clear };
}

/** The announcement of useFirstErrorReveal: a visible alert that assistive technology reads out at once. */
export function FirstErrorAlert({ announcement, testId }: { announcement: string | null; testId: string }) {
  return (
    <div aria-live="assertive" aria-atomic="true" data-testid={`${testId}-live`}>
      {announcement ? <Alert type="error" showIcon title={announcement} data-testid={testId} /> : null}
    </div>
  );
}
