import type { TGridNode } from "@caihong/contracts";
import { GENDER_LABELS, GENDERS, LIMITS, formatMessage, isValidIdNumber } from "@caihong/contracts/constants";
import { DatePicker, Flex, Form, Input, InputNumber, Select, Switch } from "antd";
import { useRequest } from "../../api/hooks";
import { createPerson, getPerson, updatePerson, type TPersonDetail } from "../../api/people.api";
import { useSession } from "../../app/session";
import { FormDrawer, FormDrawerLoading } from "../../components/form-drawer";
import { GridTreeSelect } from "../../components/grid-tree-select";
import { PhoneItem } from "../../components/phone-item";
import { useFormSave } from "../../components/use-form-save";
import { useI18n } from "../../i18n/i18n";
import { dateStringItemProps, isAfterToday, todayInShanghai } from "./date-field";
import { UserSelect } from "./user-select";

type Gender = (typeof GENDERS)[number];

interface PersonFormValues {
  name: string;
  gender?: Gender | null;
  birthYear?: number | null;
  phone?: string;
  idNumber?: string;
  gridId?: string | null;
  userId?: string | null;
  isPartyMember: boolean;
  joinedPartyOn?: string | null;
  isFloatingMember: boolean;
  membershipElsewhere?: string;
  note?: string;
}

function toFormValues(person: TPersonDetail): PersonFormValues {
  return {
    name: person.name,
    gender: person.gender,
    birthYear: person.birthYear,
    phone: "",
    idNumber: "",
    gridId: person.gridId,
    userId: person.userId,
    isPartyMember: person.isPartyMember,
    joinedPartyOn: person.joinedPartyOn,
    isFloatingMember: person.isFloatingMember,
    membershipElsewhere: person.membershipElsewhere ?? "",
    note: person.note ?? "",
  };
}

/** Birth year and gender encoded in a valid ID number (digits 7–10; the 17th is odd for men). */
export function factsFromIdNumber(id: string): { birthYear: number; gender: Gender } {
  return { birthYear: Number(id.slice(6, 10)), gender: Number(id[16]) % 2 === 1 ? "male" : "female" };
}

const WIDTH = 560;

interface PersonFormDrawerProps {
  /** The person to edit (read fresh), or null to create one. */
  personId: string | null;
  grids: readonly TGridNode[];
  onClose: () => void;
  onSaved: (person: TPersonDetail, isNew: boolean) => void;
}

/** Create or edit a party member or staff member. Mount it to open it. */
export function PersonFormDrawer({ personId, grids, onClose, onSaved }: PersonFormDrawerProps) {
  const { t } = useI18n();
  const isNew = personId === null;
  const loaded = useRequest(() => getPerson(personId ?? ""), [personId], !isNew);
  if (!isNew && !loaded.data) return <FormDrawerLoading title={t("people.form.editTitle", { name: "" })} width={WIDTH} onClose={onClose} loaded={loaded} />;
  return <PersonForm person={loaded.data ?? null} grids={grids} onClose={onClose} onSaved={onSaved} />;
}

interface PersonFormProps {
  person: TPersonDetail | null;
  grids: readonly TGridNode[];
  onClose: () => void;
  onSaved: (person: TPersonDetail, isNew: boolean) => void;
}

function PersonForm({ person, grids, onClose, onSaved }: PersonFormProps) {
  const { t, label, locale } = useI18n();
  const { can } = useSession();
  const [form] = Form.useForm<PersonFormValues>();
  const { isSaving, save } = useFormSave(form, { record: person, reread: getPerson, toValues: toFormValues });
  const isNew = person === null;
  const isPartyMember = Form.useWatch("isPartyMember", form) as boolean | undefined;
  const isFloatingMember = Form.useWatch("isFloatingMember", form) as boolean | undefined;
  const thisYear = Number(todayInShanghai().slice(0, 4));

  /** Fills birth year and gender from a valid ID number when they are still empty. */
  const fillFromIdNumber = () => {
    const id = (form.getFieldValue("idNumber") as string | undefined)?.trim().toUpperCase() ?? "";
    if (!isValidIdNumber(id)) return;
    const facts = factsFromIdNumber(id);
    if (!form.getFieldValue("birthYear")) form.setFieldValue("birthYear", facts.birthYear);
    if (!form.getFieldValue("gender")) form.setFieldValue("gender", facts.gender);
  };

  const submit = (values: PersonFormValues) => {
    const phone = values.phone?.trim() || undefined;
    const idNumber = values.idNumber?.trim().toUpperCase() || undefined;
    const fields = {
      name: values.name,
      gender: values.gender ?? null,
      birthYear: values.birthYear ?? null,
      gridId: values.gridId ?? null,
      isPartyMember: values.isPartyMember,
      joinedPartyOn: values.isPartyMember ? (values.joinedPartyOn ?? null) : null,
      isFloatingMember: values.isFloatingMember,
      membershipElsewhere: values.isFloatingMember ? values.membershipElsewhere?.trim() || null : null,
      note: values.note?.trim() || null,
      ...(can("users.write") ? { userId: values.userId ?? null } : {}),
    };
    return save(async (current) => {
      const saved = current
        ? await updatePerson(current.id, { version: current.version, ...fields, ...(phone ? { phone } : {}), ...(idNumber ? { idNumber } : {}) })
        : await createPerson({ ...fields, phone: phone ?? null, idNumber: idNumber ?? null });
      onSaved(saved, isNew);
    });
  };

  return (
    <FormDrawer
      title={isNew ? t("people.form.createTitle") : t("people.form.editTitle", { name: person.name })}
      width={WIDTH}
      form={form}
      isSaving={isSaving}
      onClose={onClose}
      onFinish={(values) => void submit(values)}
      initialValues={person ? toFormValues(person) : { isPartyMember: true, isFloatingMember: false }}
      testIdPrefix="person-form"
    >
      <Form.Item name="name" label={t("people.form.name")} rules={[{ required: true, whitespace: true, max: LIMITS.personName.max }]}>
        <Input maxLength={LIMITS.personName.max} data-testid="person-form-name" />
      </Form.Item>
      <Form.Item
        name="idNumber"
        label={t("people.form.idNumber")}
        extra={!isNew && person.idNumberMasked ? t("people.form.keep", { value: person.idNumberMasked }) : t("people.form.idNumberHint")}
        normalize={(value: string) => value.toUpperCase()}
        rules={[
          {
            validator: (_, value: string | undefined) =>
              !value?.trim() || isValidIdNumber(value.trim()) ? Promise.resolve() : Promise.reject(new Error(formatMessage("idNumber.invalid", locale))),
          },
        ]}
      >
        <Input maxLength={LIMITS.idNumber.length} autoComplete="off" onBlur={fillFromIdNumber} data-testid="person-form-id-number" />
      </Form.Item>
      <Flex gap={16} wrap>
        <Form.Item name="gender" label={t("people.form.gender")} style={{ flex: "1 1 160px" }}>
          <Select<Gender> allowClear options={GENDERS.map((value) => ({ value, label: label(GENDER_LABELS[value]) }))} data-testid="person-form-gender" />
        </Form.Item>
        <Form.Item name="birthYear" label={t("people.form.birthYear")} style={{ flex: "1 1 160px" }}>
          <InputNumber min={LIMITS.birthYear.min} max={Math.min(thisYear, LIMITS.birthYear.max)} precision={0} style={{ width: "100%" }} data-testid="person-form-birth-year" />
        </Form.Item>
      </Flex>
      <PhoneItem label={t("people.form.phone")} extra={!isNew && person.phoneMasked ? t("people.form.keep", { value: person.phoneMasked }) : undefined} testId="person-form-phone" />
      <Form.Item name="gridId" label={t("people.form.grid")} extra={t("people.form.gridHint")}>
        <GridTreeSelect grids={grids} data-testid="person-form-grid" />
      </Form.Item>
      {can("users.write") ? (
        <Form.Item name="userId" label={t("people.form.user")} extra={t("people.form.userHint")}>
          <UserSelect data-testid="person-form-user" />
        </Form.Item>
      ) : null}
      <Form.Item name="isPartyMember" label={t("people.form.isPartyMember")} valuePropName="checked">
        <Switch data-testid="person-form-member" />
      </Form.Item>
      {isPartyMember ? (
        <Form.Item
          name="joinedPartyOn"
          label={t("people.form.joinedPartyOn")}
          {...dateStringItemProps}
          dependencies={["birthYear"]}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, value: string | null | undefined) => {
                if (!value) return Promise.resolve();
                if (value > todayInShanghai()) return Promise.reject(new Error(t("people.form.joinedFuture")));
                const birthYear = getFieldValue("birthYear") as number | null | undefined;
                // A join date before the birth year can only be a typo.
                if (birthYear && Number(value.slice(0, 4)) < birthYear) return Promise.reject(new Error(t("people.form.joinedBeforeBirth")));
                return Promise.resolve();
              },
            }),
          ]}
        >
          <DatePicker disabledDate={isAfterToday} style={{ width: "100%" }} data-testid="person-form-joined" />
        </Form.Item>
      ) : null}
      <Form.Item
        name="isFloatingMember"
        label={t("people.form.isFloatingMember")}
        extra={t("people.form.floatingHint")}
        valuePropName="checked"
        dependencies={["isPartyMember"]}
        rules={[
          ({ getFieldValue }) => ({
            validator: (_, value: boolean | undefined) =>
              value && !getFieldValue("isPartyMember") ? Promise.reject(new Error(formatMessage("person.floatingNotMember", locale))) : Promise.resolve(),
          }),
        ]}
      >
        <Switch data-testid="person-form-floating" />
      </Form.Item>
      {isFloatingMember ? (
        <Form.Item name="membershipElsewhere" label={t("people.form.membershipElsewhere")} rules={[{ max: LIMITS.personMembershipElsewhere.max }]}>
          <Input maxLength={LIMITS.personMembershipElsewhere.max} placeholder={t("people.form.membershipElsewherePlaceholder")} data-testid="person-form-elsewhere" />
        </Form.Item>
      ) : null}
      <Form.Item name="note" label={t("people.form.note")} rules={[{ max: LIMITS.note.max }]}>
        <Input.TextArea rows={3} maxLength={LIMITS.note.max} showCount data-testid="person-form-note" />
      </Form.Item>
    </FormDrawer>
  );
}
