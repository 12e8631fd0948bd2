import type { TLocale, TPermission, TSessionUser } from "@caihong/contracts";
import { SYSTEM_ROLES } from "@caihong/contracts/constants";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import * as authApi from "../api/auth.api";
import { setCsrfToken, setSessionLostHandler } from "../api/client";
import { useI18n } from "../i18n/i18n";

export interface SignInOptions {
  /**
   * Keep the language the person is using and save it on the new account (registration),
   * instead of switching to the account's remembered language (sign-in).
   */
  shouldKeepLocale?: boolean;
}

export interface Session {
  /** The signed-in user, or null. */
  user: TSessionUser | null;
  /** True until the first /auth/me answer. */
  isLoading: boolean;
  /** Why the last session ended without a sign-out (SESSION_EXPIRED, UNAUTHENTICATED), for the login page. */
  lostReason: string | null;
  /** True after the user signed out themself: the sign-in page then forgets the last page. */
  hasSignedOut: boolean;
  /** Starts the session returned by login or register, settling the UI language. */
  signIn: (user: TSessionUser, options?: SignInOptions) => Promise<void>;
  /** Replaces the user after a profile update. */
  setUser: (user: TSessionUser) => void;
  /** Re-reads the session from the server. */
  refresh: () => Promise<void>;
  signOut: () => Promise<void>;
  /** Switches language, and remembers it on the profile when signed in. */
  changeLocale: (locale: TLocale) => Promise<void>;
  can: (permission: TPermission) => boolean;
}

const SessionContext = createContext<Session | null>(null);

/** What the resident role grants (report a problem, follow one's own reports): not staff work. */
const RESIDENT_PERMISSIONS: readonly TPermission[] = SYSTEM_ROLES.resident.permissions;

/** True for anyone holding a staff permission; residents hold only theirs and get the resident pages. */
export function isStaff(user: TSessionUser): boolean {
  return user.permissions.some((permission) => !RESIDENT_PERMISSIONS.includes(permission));
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const { locale, setLocale } = useI18n();
  const localeRef = useRef(locale);
  localeRef.current = locale;
  const [user, setUserState] = useState<TSessionUser | null>(null);
  const [isLoading, setIsLoading] = useState(true);
  const [lostReason, setLostReason] = useState<string | null>(null);
  const [hasSignedOut, setHasSignedOut] = useState(false);

  const adopt = useCallback((next: TSessionUser | null) => {
    // Set the token synchronously: a write may follow in the same tick.
    setCsrfToken(next?.csrfToken ?? null);
    setUserState(next);
  }, []);

  const refresh = useCallback(async () => {
    try {
      adopt(await authApi.getMe());
    } catch {
      adopt(null);
    }
  }, [adopt]);

  // The session user carries server-localized names (roles, tenant), so when the language
  // changes as a result of signing in, the user is read again in that language.
  const settleLocale = useCallback(
    async (next: TSessionUser, shouldKeepLocale: boolean) => {
      if (next.locale === localeRef.current) return;
      try {
        if (shouldKeepLocale) {
          adopt(await authApi.updateProfile({ locale: localeRef.current }));
        } else {
          setLocale(next.locale);
          adopt(await authApi.getMe());
        }
      } catch {
        // Names stay in the other language until the next page load; nothing else is affected.
      }
    },
    [adopt, setLocale],
  );

  const signIn = useCallback(
    async (next: TSessionUser, options: SignInOptions = {}) => {
      setLostReason(null);
      setHasSignedOut(false);
      adopt(next);
      await settleLocale(next, options.shouldKeepLocale ?? false);
    },
    [adopt, settleLocale],
  );

  useEffect(() => {
    let isCurrent = true;
    authApi
      .getMe()
      .then(
        async (me) => {
          if (!isCurrent) return;
          adopt(me);
          await settleLocale(me, false);
        },
        () => {
          if (isCurrent) adopt(null);
        },
      )
      .finally(() => {
        if (isCurrent) setIsLoading(false);
      });
    return () => {
      isCurrent = false;
    };
  }, [adopt, settleLocale]);

  useEffect(() => {
    setSessionLostHandler((code) => {
      if (code === "PASSWORD_CHANGE_REQUIRED") {
        void refresh();
        return;
      }
      setLostReason(code);
      adopt(null);
    });
    return () => setSessionLostHandler(null);
  }, [adopt, refresh]);

  const signOut = useCallback(async () => {
    try {
      await authApi.logout();
    } catch {
      // The server session is already gone (expired, revoked) or unreachable: sign out locally anyway.
    } finally {
      setLostReason(null);
      setHasSignedOut(true);
      adopt(null);
    }
  }, [adopt]);

  const changeLocale = useCallback(
    async (next: TLocale) => {
      setLocale(next);
      if (user && user.locale !== next) adopt(await authApi.updateProfile({ locale: next }));
    },
    [adopt, setLocale, user],
  );

  const value = useMemo<Session>(
    () => ({
      user,
      isLoading,
      lostReason,
      hasSignedOut,
      signIn,
      setUser: adopt,
      refresh,
      signOut,
      changeLocale,
      can: (permission) => !!user?.permissions.includes(permission),
    }),
    [user, isLoading, lostReason, hasSignedOut, signIn, adopt, refresh, signOut, changeLocale],
  );

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The session; only inside SessionProvider. */
export function useSession(): Session {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession must be used inside SessionProvider");
  return value;
}

/** The signed-in user; only on pages behind RequireAuth. */
export function useCurrentUser(): TSessionUser {
  const { user } = useSession();
  if (!user) throw new Error("useCurrentUser needs a signed-in user");
  return user;
}
