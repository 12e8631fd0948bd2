import { App, type FormInstance } from "antd";
import { useCallback } from "react";
import { ApiError, NETWORK_ERROR } from "../api/client";
import { useI18n } from "../i18n/i18n";

type NamePath = (string | number)[];

/** `body.roles.0.gridId` → `['roles', 0, 'gridId']`; null for paths outside the body. */
export function problemPathToField(path: string): NamePath | null {
  if (!path.startsWith("body.")) return null;
  return path
    .slice("body.".length)
    .split(".")
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

// The session provider reacts to these (redirect to sign-in or to the password page).
const HANDLED_BY_SESSION = ["UNAUTHENTICATED", "SESSION_EXPIRED", "PASSWORD_CHANGE_REQUIRED"];

/**
 * Returns a handler that reports a failed call: field errors go onto the form's fields, anything
 * else into a message with the server's localized detail.
 */
export function useProblemHandler() {
  const { message } = App.useApp();
  const { t, locale } = useI18n();

  return useCallback(
    (error: unknown, form?: FormInstance) => {
      if (!(error instanceof ApiError)) {
        console.error(error);
        void message.error(t("error.unknown"));
        return;
      }
      const { problem } = error;
      if (problem.code === NETWORK_ERROR) {
        void message.error(t("error.network"));
        return;
      }
      if (HANDLED_BY_SESSION.includes(problem.code)) return;

      const unmatched: string[] = [];
      if (form && problem.errors?.length) {
        const registered = new Set(form.getFieldsError().map((field) => JSON.stringify(field.name)));
        // Only contract failures carry localized per-field messages; for other codes (ALREADY_EXISTS
        // on `body.username`, say) the path locates the field and the detail explains it.
        const isValidation = problem.code === "VALIDATION_FAILED";
        const byField = new Map<string, { name: NamePath; errors: string[] }>();
        for (const fieldError of problem.errors) {
          const name = problemPathToField(fieldError.path);
          const key = name && JSON.stringify(name);
          if (!name || !key || !registered.has(key)) {
            unmatched.push(fieldError.message);
            continue;
          }
          const entry = byField.get(key) ?? { name, errors: [] };
          entry.errors.push(isValidation ? fieldError.message : problem.detail || fieldError.message);
          byField.set(key, entry);
        }
        form.setFields([...byField.values()]);
        if (byField.size > 0 && unmatched.length === 0) return;
      }
      // Server faults carry the request id that locates the log line; show it for the bug report.
      const requestRef = problem.status >= 500 && problem.requestId ? t("error.requestId", { id: problem.requestId }) : "";
      const text = [problem.detail || problem.title, ...unmatched, requestRef].filter(Boolean).join(locale === "en" ? "; " : "；");
      void message.error(text || t("error.unknown"));
    },
    [message, t, locale],
  );
}
