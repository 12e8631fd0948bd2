import { App } from "antd";
import { useCallback } from "react";
import { getCase, transitionCase, type TCaseDetail, type TCaseTransitionRequest } from "../../../api/cases";
import { isApiError } from "../../../api/client";
import { useRequest } from "../../../api/hooks";
import { useProblemHandler } from "../../../components/use-problem";
import { useI18n } from "../../../i18n/i18n";

/** A step to take: the version is added from the loaded case. */
export type StepBody = Omit<TCaseTransitionRequest, "version">;

/**
 * One case and its steps: `take` sends a step with the loaded version and swaps in the answer.
 * Someone else's step in between (409) reloads the case and says so; other problems are shown.
 * Resolves to true when the step was taken.
 */
export function useCaseSteps(id: string) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const state = useRequest(() => getCase(id), [id]);
  const { data, setData, reload } = state;

  const take = useCallback(
    async (body: StepBody): Promise<TCaseDetail | null> => {
      if (!data) return null;
      try {
        const next = await transitionCase(id, { ...body, version: data.version });
        setData(next);
        return next;
      } catch (err) {
        if (isApiError(err, "VERSION_CONFLICT")) {
          void message.warning(t("error.conflictReloaded"));
          reload();
        } else {
          onProblem(err);
        }
        return null;
      }
    },
    [data, id, message, onProblem, reload, setData, t],
  );

  return { ...state, take };
}
