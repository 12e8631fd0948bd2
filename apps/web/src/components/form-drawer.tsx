import { Button, Drawer, Flex, Form, Spin, type FormInstance, type FormProps } from "antd";
import type { ReactNode } from "react";
import type { RequestState } from "../api/hooks";
import { useI18n } from "../i18n/i18n";
import { LoadError } from "./status-pages";
import { useIsNarrow } from "./use-is-narrow";

interface FormDrawerProps<V> {
  title: ReactNode;
  /** Width on a wide screen; below 768 px the drawer takes the whole width. */
  width: number;
  form: FormInstance<V>;
  isSaving: boolean;
  onClose: () => void;
  /** Runs with the values once the form's rules pass (the save button submits the form). */
  onFinish: (values: V) => void;
  initialValues?: FormProps<V>["initialValues"];
  onValuesChange?: FormProps<V>["onValuesChange"];
  /** Test ids of the footer buttons: `<prefix>-cancel` and `<prefix>-submit`; the form is `<prefix>` unless `formTestId` says otherwise. */
  testIdPrefix: string;
  formTestId?: string;
  children: ReactNode;
}

/** Drawer of a create/edit form with a cancel + save footer. Mount it to open it. */
export function FormDrawer<V>({ title, width, form, isSaving, onClose, onFinish, initialValues, onValuesChange, testIdPrefix, formTestId = testIdPrefix, children }: FormDrawerProps<V>) {
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
          <Button type="primary" loading={isSaving} onClick={() => form.submit()} data-testid={`${testIdPrefix}-submit`}>
            {t("common.save")}
          </Button>
        </Flex>
      }
    >
      <Form<V> form={form} layout="vertical" initialValues={initialValues} onFinish={onFinish} onValuesChange={onValuesChange} data-testid={formTestId}>
        {children}
      </Form>
    </Drawer>
  );
}

/** The drawer of an edit form while its record is read fresh: a spinner, or the error with a retry. */
export function FormDrawerLoading({ title, width, onClose, loaded }: { title: ReactNode; width: number; onClose: () => void; loaded: Pick<RequestState<unknown>, "error" | "reload"> }) {
  const isNarrow = useIsNarrow();
  return (
    <Drawer open onClose={onClose} title={title} size={isNarrow ? "100%" : width}>
      {loaded.error ? <LoadError onRetry={loaded.reload} /> : <Spin style={{ display: "block", margin: "32px auto" }} />}
    </Drawer>
  );
}
