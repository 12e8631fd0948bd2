/**
 * Stable error codes. Each code maps to one HTTP status and one localized title; the JSDoc line
 * says when it is thrown. Clients switch on `code`, never on `title` or `detail`.
 */
export const ERROR_CODES = {
  /** A request body, query or path parameter failed its contract; `errors` lists every field. */
  VALIDATION_FAILED: 400,
  /** The body is not parseable JSON. */
  MALFORMED_JSON: 400,
  /** A header the route relies on (If-Match, Idempotency-Key) is malformed. */
  BAD_HEADER: 400,
  /** No valid session or API key was presented. */
  UNAUTHENTICATED: 401,
  /** Username/password pair or verification code is wrong. */
  INVALID_CREDENTIALS: 401,
  /** The session expired (idle or absolute limit) or was revoked. */
  SESSION_EXPIRED: 401,
  /** The caller lacks the permission or the record lies outside their data scope. */
  FORBIDDEN: 403,
  /** A cookie-authenticated write came without the session's CSRF token. */
  CSRF_INVALID: 403,
  /** The account is disabled by an administrator. */
  ACCOUNT_DISABLED: 403,
  /** An administrator reset the password; only changing it is allowed until then. */
  PASSWORD_CHANGE_REQUIRED: 403,
  /** The record does not exist in the caller's tenant (or the caller may not know it exists). */
  NOT_FOUND: 404,
  /** No route matches the path. */
  ROUTE_NOT_FOUND: 404,
  /** The path exists but not for this method. */
  METHOD_NOT_ALLOWED: 405,
  /** The record changed since the caller read it (optimistic concurrency). */
  VERSION_CONFLICT: 409,
  /** A unique value (username, phone, role code) is already taken. */
  ALREADY_EXISTS: 409,
  /** The change is valid in form but not allowed in the record's current state. */
  INVALID_STATE: 409,
  /** The body exceeds the size limit. */
  PAYLOAD_TOO_LARGE: 413,
  /** The Content-Type is not one the route accepts. */
  UNSUPPORTED_MEDIA_TYPE: 415,
  /** The change is well-formed but breaks a domain rule (e.g. last administrator). */
  UNPROCESSABLE: 422,
  /** An anonymous write past its address's threshold needs a proof of work: solve the `Caihong-Challenge` header, resend with `Caihong-Proof`. */
  CHALLENGE_REQUIRED: 428,
  /** Too many attempts from this account or address; `Retry-After` says when to retry. */
  RATE_LIMITED: 429,
  /** The account is temporarily locked after repeated failed logins. */
  ACCOUNT_LOCKED: 429,
  /** The database is not reachable or not migrated. */
  SERVICE_UNAVAILABLE: 503,
  /** The database cannot be reached (restart, network); retry after `Retry-After` seconds (a write with an Idempotency-Key is safe to retry). */
  DATABASE_UNAVAILABLE: 503,
  /** An unexpected failure; the request id in the response locates the log line. */
  INTERNAL: 500,
} as const;

export type TErrorCode = keyof typeof ERROR_CODES;
export const errorCodes = Object.keys(ERROR_CODES) as TErrorCode[];

/** Localized titles per code: zh-CN is the default language, en the second. */
export const ERROR_TITLES: Record<TErrorCode, { "zh-CN": string; en: string }> = {
  VALIDATION_FAILED: { "zh-CN": "请求内容不符合要求", en: "The request is not valid" },
  MALFORMED_JSON: { "zh-CN": "请求内容不是有效的 JSON", en: "The request body is not valid JSON" },
  BAD_HEADER: { "zh-CN": "请求头格式不正确", en: "A request header is malformed" },
  UNAUTHENTICATED: { "zh-CN": "请先登录", en: "Authentication required" },
  INVALID_CREDENTIALS: { "zh-CN": "账号或密码不正确", en: "Wrong username or password" },
  SESSION_EXPIRED: { "zh-CN": "登录已过期，请重新登录", en: "Your session has expired; sign in again" },
  FORBIDDEN: { "zh-CN": "没有权限执行此操作", en: "You are not allowed to do this" },
  CSRF_INVALID: { "zh-CN": "安全校验失败，请刷新页面后重试", en: "Security token missing or wrong; reload and retry" },
  ACCOUNT_DISABLED: { "zh-CN": "账号已停用", en: "This account is disabled" },
  PASSWORD_CHANGE_REQUIRED: { "zh-CN": "请先修改初始密码", en: "Change your temporary password first" },
  NOT_FOUND: { "zh-CN": "记录不存在", en: "Not found" },
  ROUTE_NOT_FOUND: { "zh-CN": "接口不存在", en: "No such endpoint" },
  METHOD_NOT_ALLOWED: { "zh-CN": "接口不支持该请求方法", en: "Method not allowed on this endpoint" },
  VERSION_CONFLICT: { "zh-CN": "记录已被他人修改，请刷新后重试", en: "The record was changed by someone else; reload and retry" },
  ALREADY_EXISTS: { "zh-CN": "记录已存在", en: "Already exists" },
  INVALID_STATE: { "zh-CN": "当前状态下不能执行此操作", en: "Not allowed in the current state" },
  PAYLOAD_TOO_LARGE: { "zh-CN": "请求内容过大", en: "The request body is too large" },
  UNSUPPORTED_MEDIA_TYPE: { "zh-CN": "不支持的内容类型", en: "Unsupported content type" },
  UNPROCESSABLE: { "zh-CN": "操作不符合业务规则", en: "The change breaks a business rule" },
  CHALLENGE_REQUIRED: { "zh-CN": "需要完成验证", en: "A check is required" },
  RATE_LIMITED: { "zh-CN": "操作过于频繁，请稍后再试", en: "Too many requests; try again later" },
  ACCOUNT_LOCKED: { "zh-CN": "登录失败次数过多，账号暂时锁定", en: "Too many failed sign-ins; the account is locked for a while" },
  SERVICE_UNAVAILABLE: { "zh-CN": "服务暂不可用", en: "Service unavailable" },
  DATABASE_UNAVAILABLE: { "zh-CN": "数据库暂时无法连接，请稍后重试", en: "The database cannot be reached for the moment; try again shortly" },
  INTERNAL: { "zh-CN": "服务器内部错误", en: "Internal server error" },
};

export const problemType = (code: TErrorCode): string => `urn:caihong:error:${code.toLowerCase().replaceAll("_", "-")}`;
