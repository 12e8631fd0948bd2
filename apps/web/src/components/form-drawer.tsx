import { Button, Drawer, Flex } from "antd";
import type { ReactNode } from "react";
import { useI18n } from "../i18n/i18n";
import { useIsNarrow } from "./use-is-narrow";

interface FormDrawerProps {
  title: ReactNode;
  /** Width on a wide screen; below 768 px the drawer takes the whole width. */
  width: number;
  isSaving: boolean;
  onClose: () => void;
  /** Submits the form inside (usually `form.submit()`), which validates before saving. */
  onSubmit: () => void;
  /** Test ids of the footer buttons: `<prefix>-cancel` and `<prefix>-submit`. */
  testIdPrefix: string;
  children: ReactNode;
}

/** Drawer of a create/edit form with a cancel + save footer. Mount it to open it. */
export function FormDrawer({ title, width, isSaving, onClose, onSubmit, testIdPrefix, children }: FormDrawerProps) {
  const { t } = useI18n();
  const isNarrow = useIsNarrow();
  return (
    <Drawer
      open
      onClose={onClose}
      title={title}
      size={isNarrow ? "100%" : width}
      destroyOnHidden
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose} data-testid={`${testIdPrefix}-cancel`}>
            {t("common.cancel")}
          </Button>
          <Button type="primary" loading={isSaving} onClick={onSubmit} data-testid={`${testIdPrefix}-submit`}>
            {t("common.save")}
          </Button>
        </Flex>
      }
    >
      {children}
    </Drawer>
  );
}
