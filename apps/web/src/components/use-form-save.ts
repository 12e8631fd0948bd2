import { App, type FormInstance } from "antd";
import { useState } from "react";
import { isApiError } from "../api/client";
import { useI18n } from "../i18n/i18n";
import { useProblemHandler } from "./use-problem";

/** How an edit form reads its record again after someone else changed it first. */
export interface EditedRecord<R, V> {
  /** The record being edited, or null when creating one. */
  record: R | null;
  /** Reads the record afresh; undefined when it is gone (the form then keeps what it has). */
  reread: (id: string) => Promise<R | undefined>;
  /** The record as form values. */
  toValues: (record: R) => V;
}

export interface FormSave<R> {
  /** The record as last read (null when creating): what a save sends its version of. */
  current: R | null;
  isSaving: boolean;
  /**
   * Runs a save: `isSaving` while it runs; a stale edit (VERSION_CONFLICT) re-reads the record, says
   * so and puts the fresh values in the form; any other problem goes onto the form's fields or into
   * a message, unless `onFailure` handled it (returned true).
   */
  save: (work: (current: R | null) => Promise<void>, onFailure?: (error: unknown) => boolean) => Promise<void>;
}

/** The save of a create or edit form (see FormSave); pass `edit` for a record that carries `version`. */
export function useFormSave<V, R extends { id: string } = never>(form: FormInstance<V>, edit?: EditedRecord<R, V>): FormSave<R> {
  const { t } = useI18n();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const [current, setCurrent] = useState<R | null>(edit?.record ?? null);
  const [isSaving, setIsSaving] = useState(false);

  const reloadAfterConflict = async (id: string) => {
    void message.warning(t("error.conflictReloaded"), 6);
    try {
      const fresh = await edit?.reread(id);
      if (!fresh) return;
      setCurrent(fresh);
      form.resetFields();
      form.setFieldsValue(edit!.toValues(fresh) as Parameters<typeof form.setFieldsValue>[0]);
    } catch (err) {
      onProblem(err);
    }
  };

  const save = async (work: (current: R | null) => Promise<void>, onFailure?: (error: unknown) => boolean) => {
    setIsSaving(true);
    try {
      await work(current);
    } catch (err) {
      if (edit && current && isApiError(err, "VERSION_CONFLICT")) await reloadAfterConflict(current.id);
      else if (!onFailure?.(err)) onProblem(err, form);
    } finally {
      setIsSaving(false);
    }
  };

  return { current, isSaving, save };
}
