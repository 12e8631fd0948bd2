import type { TLocale, TLoginRequest, TSessionUser } from "@caihong/contracts";
import { api } from "./client";
import type { TRegisterRequest, TRequestCodeResponse } from "./types";

/** Signs in; the server sets the session cookie. */
export function login(body: TLoginRequest): Promise<TSessionUser> {
  return api("/auth/login", { method: "POST", body, quietAuth: true });
}

/** Ends the session. */
export function logout(): Promise<void> {
  return api("/auth/logout", { method: "POST", quietAuth: true });
}

/** The signed-in user; throws ApiError 401 when signed out. */
export function getMe(): Promise<TSessionUser> {
  return api("/auth/me", { quietAuth: true });
}

/** Changes one's own password. */
export function changePassword(body: { currentPassword: string; newPassword: string }): Promise<void> {
  return api("/auth/password", { method: "POST", body });
}

/** Updates one's own display name or language. */
export function updateProfile(body: { displayName?: string; locale?: TLocale }): Promise<TSessionUser> {
  return api("/auth/profile", { method: "PATCH", body });
}

/** Sends an SMS verification code for resident registration. */
export function requestRegisterCode(phone: string): Promise<TRequestCodeResponse> {
  return api("/auth/register/code", { method: "POST", body: { phone }, quietAuth: true });
}

/** Registers a resident account and signs it in. */
export function register(body: TRegisterRequest): Promise<TSessionUser> {
  return api("/auth/register", { method: "POST", body, quietAuth: true });
}
