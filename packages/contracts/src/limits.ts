/**
 * Field limits shared by the API contracts and the web forms (antd rules use the same numbers).
 * Text limits count characters after trimming; `min: 1` means the field may not be blank.
 */
export const LIMITS = {
  // Accounts and sign-in
  /** Login name of a staff account: lower-case letters, digits, `.`, `_`, `-`. */
  username: { min: 3, max: 32, pattern: /^[a-z0-9][a-z0-9_.-]*$/ },
  /** What is typed into the sign-in form: a username or a resident's mobile number. */
  signInUsername: { min: 1, max: 64 },
  /** A user's display name. */
  displayName: { min: 1, max: 40 },
  /** A password as chosen (min) and as accepted at all (max). */
  password: { min: 10, max: 128 },
  /**
   * Mainland mobile number: 11 digits starting 13–19 once normalised (`normalizePhone`); as typed
   * it may carry spaces, hyphens, parentheses and a +86 prefix, up to `typedMax` characters.
   */
  phone: { length: 11, pattern: /^1[3-9]\d{9}$/, typedMax: 30 },
  /** A contact number (mobile, landline with area code, 400/800, or +country code), as typed. */
  contactPhone: { max: 30 },
  /** The SMS code of a resident registration. */
  verificationCode: { length: 6, pattern: /^\d{6}$/ },
  /** Code of a role: snake_case. */
  roleCode: { min: 2, max: 40, pattern: /^[a-z][a-z0-9_]*$/ },
  /** Name of a role. */
  roleName: { min: 1, max: 40 },
  /** Name of an API key. */
  apiKeyName: { min: 1, max: 60 },

  // Shared by many records
  /** A search box. */
  search: { max: 100 },
  /** A note or reason. */
  note: { max: 500 },
  /** Rows per page of a list. */
  pageSize: { default: 20, max: 200 },
  /** Longitude in degrees. */
  longitude: { min: -180, max: 180 },
  /** Latitude in degrees. */
  latitude: { min: -90, max: 90 },

  // People (party members and staff)
  /** A person's name. */
  personName: { min: 1, max: 40 },
  /** Where a floating member's membership is held. */
  personMembershipElsewhere: { min: 1, max: 80 },
  /** Resident identity number: 18 characters (checked by `isValidIdNumber`). */
  idNumber: { length: 18 },
  /** A person's year of birth. */
  birthYear: { min: 1900, max: 2100 },

  // Party organisations
  /** Name of a party organisation. */
  partyOrgName: { min: 1, max: 80 },

  // Units in the area (驻区单位)
  /** Name of a unit. */
  unitName: { min: 1, max: 100 },
  /** Address of a unit. */
  unitAddress: { min: 1, max: 200 },
  /** Unified social credit code: 18 characters (checked by `isValidUscc`). */
  uscc: { length: 18 },
  /** Name of a unit's own party organisation (两新党组织). */
  unitPartyOrgName: { min: 1, max: 80 },
  /** Party members in a unit's own organisation. */
  unitPartyMemberCount: { min: 0, max: 100_000 },
  /** Contacts per unit. */
  unitContacts: { max: 20 },
  /** A unit contact's name. */
  unitContactName: { min: 1, max: 40 },
  /** A unit contact's job title. */
  unitContactTitle: { min: 1, max: 40 },

  // Grids
  /** Name of a grid. */
  gridName: { min: 1, max: 60 },
  /** Name of a grid's contact person. */
  gridContactName: { min: 1, max: 40 },
  /** A grid's contact phone: a mobile number or a landline such as 021-12345678 (13 characters at most). */
  gridContactPhone: { max: 13, landlinePattern: /^0\d{2,3}-?\d{7,8}$/ },

  // Case categories (大类 → 小类)
  /** Category code: two digits for a 大类, four (its own two after the 大类's) for a 小类. */
  categoryCode: { max: 4, pattern: /^\d{2}(\d{2})?$/, topPattern: /^\d{2}$/, childPattern: /^\d{4}$/ },
  /** Name of a category. */
  categoryName: { min: 1, max: 40 },
  /** English name of a category. */
  categoryNameEn: { min: 1, max: 80 },
  /** Description of a category. */
  categoryDescription: { max: 500 },
  /** Filing (立案) and closing (结案) standard of a category. */
  categoryStandard: { max: 1000 },
  /** A time limit's value: more than `exclusiveMin` (0 in the form means no limit), at most `max`. */
  categoryTimeLimit: { exclusiveMin: 0, max: 1000 },
  /** Radius (m) within which open cases are suggested as duplicates. */
  categoryDedupeRadiusM: { min: 0, max: 5000 },
  /** Sort position of a category. */
  categoryPosition: { min: 0, max: 10_000 },
  /** Search keywords per category, and characters per keyword. */
  categoryKeywords: { max: 20, keywordMax: 20 },
  /** Extra fields per category. */
  categoryFields: { max: 20 },
  /** Code of an extra field (also the key of a case's attribute): snake_case, 40 characters at most. */
  categoryFieldCode: { max: 40, pattern: /^[a-z][a-z0-9_]{0,39}$/ },
  /** Label of an extra field. */
  categoryFieldLabel: { min: 1, max: 60 },
  /** English label of an extra field. */
  categoryFieldLabelEn: { min: 1, max: 80 },
  /** Description of an extra field. */
  categoryFieldDescription: { min: 1, max: 200 },
  /** Options of a list field: how many, the key's pattern (40 characters at most), the name's length. */
  categoryFieldOptions: { max: 50, keyPattern: /^[A-Za-z0-9_-]{1,40}$/, nameMax: 60 },

  // Cases
  /** Description of a problem (the Open311 limit). */
  caseDescription: { max: 4000 },
  /** Address of a case. */
  caseAddress: { min: 1, max: 200 },
  /** Why a staff member put a case on another grid than the located one. */
  caseGridOverrideReason: { min: 1, max: 200 },
  /** Name of the reporter (hotline, staff entry) or of the contact (public report). */
  caseReporterName: { min: 1, max: 40 },
  /** 12345 hotline work-order number: 4 to 40 letters, digits and hyphens. */
  hotlineOrderNo: { min: 4, max: 40, pattern: /^[A-Za-z0-9-]{4,40}$/ },
  /** A case number or tracking code as typed on the public tracking page. */
  caseTracking: { max: 40 },
  /** An extra-field answer: a text's length, a list's size and the length of each of its items. */
  caseAttribute: { textMax: 500, listMax: 50, itemMax: 40 },
  /** Photos per report or step, and bytes per photo. */
  casePhotos: { max: 9, bytes: 10 * 1024 * 1024 },

  // Work calendar
  /** Name of a holiday or adjusted working day. */
  calendarDayName: { min: 1, max: 20 },
  /** Years the work calendar covers. */
  calendarYear: { min: 2000, max: 2100 },

  /** Largest JSON body any route accepts (bytes); larger gets 413. */
  bodyBytes: 1_048_576,
} as const;
