import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { LIMITS } from "@caihong/contracts/constants";
import { App, Button, DatePicker, Flex, Form, Input, InputNumber, Popconfirm, Radio, Table, Tag, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { deleteCalendarDay, getWorkCalendar, putCalendarDay, type TCalendar, type TCalendarDay } from "../../api/cases";
import { isApiError } from "../../api/client";
import { useRequest } from "../../api/hooks";
import { LoadError } from "../../components/status-pages";
import { testId } from "../../components/test-id";
import { useProblemHandler } from "../../components/use-problem";
import { DISPLAY_TIME_ZONE } from "../../i18n/format";
import { useI18n } from "../../i18n/i18n";
import { ReferenceDateCard } from "./reference-date-card";

interface DayValues {
  date?: Dayjs;
  kind: TCalendarDay["kind"];
  name?: string;
}

/**
 * 工作日历: the year's public holidays and make-up working days (调休) that time limits in
 * 工作日/工作时 count over. Weekdays are working days and weekends are not unless listed here.
 */
export function WorkCalendarTab({ canEdit }: { canEdit: boolean }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const [year, setYear] = useState(() => dayjs().tz(DISPLAY_TIME_ZONE).year());
  const state = useRequest(() => getWorkCalendar(year), [year]);
  const [form] = Form.useForm<DayValues>();
  const [isSaving, setIsSaving] = useState(false);

  const adopt = (calendar: TCalendar) => state.setData(calendar);

  const add = async (values: DayValues) => {
    if (!values.date) return;
    setIsSaving(true);
    try {
      const date = values.date.format("YYYY-MM-DD");
      const calendar = await putCalendarDay(date, { kind: values.kind, name: values.name?.trim() ?? "" });
      if (calendar.year === year) adopt(calendar);
      else setYear(calendar.year);
      form.resetFields();
      void message.success(t("calendar.saved", { date }));
    } catch (error) {
      onProblem(error, form);
    } finally {
      setIsSaving(false);
    }
  };

  const remove = async (day: TCalendarDay) => {
    try {
      adopt(await deleteCalendarDay(day.date));
      void message.success(t("calendar.removed", { date: day.date }));
    } catch (error) {
      onProblem(error);
    }
  };

  const weekday = (date: string) => dayjs(date).locale(locale === "en" ? "en" : "zh-cn").format("dddd");
  const days = state.data?.days ?? [];
  return (
    <div data-testid="work-calendar">
      <ReferenceDateCard canEdit={canEdit} />
      <Flex wrap gap={12} align="center" style={{ marginBottom: 12 }}>
        <Typography.Text>{t("calendar.year")}</Typography.Text>
        <InputNumber min={LIMITS.calendarYear.min} max={LIMITS.calendarYear.max} value={year} onChange={(next) => next && setYear(next)} style={{ width: 100 }} data-testid="work-calendar-year" />
        {state.data ? (
          <Typography.Text type="secondary">
            {t("calendar.summary", {
              holidays: days.filter((day) => day.kind === "holiday").length,
              workdays: days.filter((day) => day.kind === "workday").length,
              hours: state.data.workHours.map((period) => `${period.start}–${period.end}`).join(locale === "en" ? ", " : "、"),
            })}
          </Typography.Text>
        ) : null}
      </Flex>
      {canEdit ? (
        <Form<DayValues> form={form} layout="inline" initialValues={{ kind: "holiday" }} onFinish={(values) => void add(values)} style={{ marginBottom: 12, rowGap: 8 }} data-testid="work-calendar-form">
          <Form.Item name="date" rules={[{ required: true, message: t("calendar.dateRequired") }]}>
            <DatePicker placeholder={t("calendar.date")} data-testid="work-calendar-date" />
          </Form.Item>
          <Form.Item name="kind">
            <Radio.Group
              optionType="button"
              options={[
                { value: "holiday", label: t("calendar.holiday") },
                { value: "workday", label: t("calendar.workday") },
              ]}
              data-testid="work-calendar-kind"
            />
          </Form.Item>
          <Form.Item name="name" rules={[{ required: true, whitespace: true, max: LIMITS.calendarDayName.max, message: t("calendar.nameRequired") }]}>
            <Input placeholder={t("calendar.namePlaceholder")} maxLength={LIMITS.calendarDayName.max} style={{ width: 160 }} data-testid="work-calendar-name" />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={isSaving} data-testid="work-calendar-add">
              {t("calendar.add")}
            </Button>
          </Form.Item>
        </Form>
      ) : null}
      {state.error ? (
        <LoadError onRetry={state.reload} detail={isApiError(state.error) ? state.error.problem.detail : undefined} />
      ) : (
        <Table<TCalendarDay>
          rowKey="date"
          size="small"
          loading={state.loading}
          dataSource={days}
          pagination={false}
          locale={{ emptyText: t("calendar.empty") }}
          onRow={(day) => testId(`work-calendar-day-${day.date}`)}
          columns={[
            { title: t("calendar.date"), dataIndex: "date", width: 130 },
            { title: t("calendar.weekday"), key: "weekday", width: 110, render: (_, day) => weekday(day.date) },
            {
              title: t("calendar.kind"),
              dataIndex: "kind",
              width: 130,
              render: (kind: TCalendarDay["kind"]) => (kind === "holiday" ? <Tag color="red">{t("calendar.holiday")}</Tag> : <Tag color="blue">{t("calendar.workday")}</Tag>),
            },
            { title: t("calendar.name"), dataIndex: "name" },
            ...(canEdit
              ? [
                  {
                    title: t("common.actions"),
                    key: "actions",
                    width: 90,
                    render: (_: unknown, day: TCalendarDay) => (
                      <Popconfirm title={t("calendar.removeConfirm", { date: day.date })} onConfirm={() => remove(day)} okButtonProps={testId("work-calendar-remove-ok")}>
                        <Button type="link" size="small" danger icon={<DeleteOutlined />} data-testid={`work-calendar-remove-${day.date}`}>
                          {t("common.delete")}
                        </Button>
                      </Popconfirm>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
    </div>
  );
}
