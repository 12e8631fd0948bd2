import { STAFF_POST_LABELS } from "@caihong/contracts/constants";
import { App } from "antd";
import { isApiError } from "../../api/client";
import { endStaffAssignment, type TStaffAssignment } from "../../api/people.api";
import { useProblemHandler } from "../../components/use-problem";
import { useI18n } from "../../i18n/i18n";
import { EndDateModal } from "./end-date-modal";

interface EndPostModalProps {
  assignment: TStaffAssignment;
  onClose: () => void;
  /** The post ended (the fresh assignment), or someone changed it first (null): reload. */
  onEnded: (ended: TStaffAssignment | null) => void;
}

/** Ends a grid staff post on a date (the 岗位 tab, a person's drawer). Mount it to open it. */
export function EndPostModal({ assignment, onClose, onEnded }: EndPostModalProps) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const post = label(STAFF_POST_LABELS[assignment.post]);

  const submit = async (toDate: string) => {
    try {
      const ended = await endStaffAssignment(assignment.id, { version: assignment.version, toDate });
      void message.success(t("staff.ended", { name: assignment.personName, post }));
      onEnded(ended);
    } catch (err) {
      if (isApiError(err, "VERSION_CONFLICT")) {
        void message.warning(t("error.conflictReloaded"), 6);
        onEnded(null);
      } else onProblem(err);
    }
  };

  return (
    <EndDateModal
      title={t("staff.endTitle", { name: assignment.personName, post, grid: assignment.gridName })}
      description={t("staff.endHint")}
      fromDate={assignment.fromDate}
      onClose={onClose}
      onSubmit={submit}
    />
  );
}
