/** Field limits shared by the API contracts and the web forms (antd rules use the same numbers). */
export const LIMITS = {
  username: { min: 3, max: 32, pattern: /^[a-z0-9][a-z0-9_.-]*$/ },
  displayName: { min: 1, max: 40 },
  password: { min: 10, max: 128 },
  phone: { pattern: /^1[3-9]\d{9}$/ },
  roleCode: { min: 2, max: 40, pattern: /^[a-z][a-z0-9_]*$/ },
  roleName: { min: 1, max: 40 },
  apiKeyName: { min: 1, max: 60 },
  search: { max: 100 },
  note: { max: 500 },
  pageSize: { default: 20, max: 200 },
  verificationCode: { length: 6 },
  /** Largest JSON body any route accepts (bytes); larger gets 413. */
  bodyBytes: 1_048_576,
} as const;
