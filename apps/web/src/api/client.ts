import type { TLocale, TProblem } from "@caihong/contracts";

/** Every API call goes under this prefix. */
export const API_BASE = "/api/v1";

/** Code the client uses when the server could not be reached at all (not a server code). */
export const NETWORK_ERROR = "NETWORK_ERROR";

/** A failed API call, carrying the server's problem+json body (or a synthetic one). */
export class ApiError extends Error {
  readonly problem: TProblem;

  constructor(problem: TProblem) {
    super(problem.detail || problem.title);
    this.name = "ApiError";
    this.problem = problem;
  }

  /** Stable machine-readable code, e.g. `VERSION_CONFLICT`. */
  get code(): string {
    return this.problem.code;
  }

  /** HTTP status, 0 for network failures. */
  get status(): number {
    return this.problem.status;
  }
}

/** True when the value is an ApiError with one of the given codes. */
export function isApiError(error: unknown, ...codes: string[]): error is ApiError {
  return error instanceof ApiError && (codes.length === 0 || codes.includes(error.code));
}

// Request context shared by every call: set by the i18n and session providers.
let currentLocale: TLocale = "zh-CN";
let csrfToken: string | null = null;
let onSessionLost: ((code: string) => void) | null = null;

/** Sets the Accept-Language sent with every request. */
export function setApiLocale(locale: TLocale): void {
  currentLocale = locale;
}

/** Sets the CSRF token sent with every write (null when signed out). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Registers the callback run when the server says the session is gone or must change password. */
export function setSessionLostHandler(handler: ((code: string) => void) | null): void {
  onSessionLost = handler;
}

type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  method?: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** JSON body. */
  body?: unknown;
  /** A non-JSON body sent as is (a file upload), with its content type. */
  rawBody?: Blob;
  contentType?: string;
  /** Query parameters; undefined, null and empty strings are left out. */
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
  /** Do not report 401s to the session handler (the login and bootstrap calls handle them). */
  quietAuth?: boolean;
  /** Extra request headers (an `Idempotency-Key` on creates from phones). */
  headers?: Record<string, string>;
}

/** Builds `/api/v1<path>?query`, leaving out empty parameters. */
export function apiUrl(path: string, query?: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === "") continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return `${API_BASE}${path}${qs ? `?${qs}` : ""}`;
}

const SESSION_LOST_CODES = ["UNAUTHENTICATED", "SESSION_EXPIRED", "PASSWORD_CHANGE_REQUIRED"];

/** The header of a 428 CHALLENGE_REQUIRED with the proof-of-work challenge; the answer goes back in PROOF_HEADER. */
export const CHALLENGE_HEADER = "Caihong-Challenge";
export const PROOF_HEADER = "Caihong-Proof";

/** Sends a request and returns the raw Response, throwing ApiError on any failure. */
export async function apiRaw(path: string, options: RequestOptions = {}): Promise<Response> {
  const method = options.method ?? "GET";
  const headers: Record<string, string> = {
    ...options.headers,
    Accept: "application/json",
    "Accept-Language": currentLocale,
  };
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  else if (options.rawBody !== undefined) headers["Content-Type"] = options.contentType ?? "application/octet-stream";
  if (method !== "GET" && csrfToken) headers["X-CSRF-Token"] = csrfToken;

  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      method,
      headers,
      body: options.body === undefined ? options.rawBody : JSON.stringify(options.body),
      credentials: "same-origin",
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError({ type: "about:blank", title: NETWORK_ERROR, status: 0, detail: "", code: NETWORK_ERROR });
  }
  if (response.ok) return response;

  const problem = await readProblem(response);
  if (!options.quietAuth && SESSION_LOST_CODES.includes(problem.code)) onSessionLost?.(problem.code);
  // A proof-of-work challenge (428 CHALLENGE_REQUIRED) comes in a header: kept on the problem for the caller.
  const challenge = response.headers.get(CHALLENGE_HEADER);
  throw new ApiError(challenge ? Object.assign({}, problem, { challenge }) : problem);
}

/** Sends a JSON request and returns the parsed body (undefined for 204). */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await apiRaw(path, options);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

async function readProblem(response: Response): Promise<TProblem> {
  try {
    const body = (await response.json()) as Partial<TProblem>;
    if (body && typeof body.code === "string") {
      // Extension members (an import's `problems`, say) stay on the object for the caller.
      return {
        ...body,
        type: body.type ?? "about:blank",
        title: body.title ?? response.statusText,
        status: body.status ?? response.status,
        detail: body.detail ?? "",
        code: body.code,
        requestId: body.requestId,
        errors: body.errors,
      };
    }
  } catch {
    // Not JSON (a proxy error page, say): fall through to a synthetic problem.
  }
  return {
    type: "about:blank",
    title: response.statusText || `HTTP ${response.status}`,
    status: response.status,
    detail: "",
    code: response.status >= 500 ? "INTERNAL" : `HTTP_${response.status}`,
  };
}
