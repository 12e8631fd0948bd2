import type { TLocale, TPermission, TSessionUser } from "@caihong/contracts";
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import * as authApi from "../api/auth.api";
import { setCsrfToken, setSessionLostHandler } from "../api/client";
import { useI18n } from "../i18n/i18n";

export interface Session {
  /** The signed-in user, or null. */
  user: TSessionUser | null;
  /** True until the first /auth/me answer. */
  isLoading: boolean;
  /** Why the last session ended without a sign-out (SESSION_EXPIRED, UNAUTHENTICATED), for the login page. */
  lostReason: string | null;
  /** Adopts a user returned by login, register or a profile update. */
  setUser: (user: TSessionUser) => void;
  /** Re-reads the session from the server. */
  refresh: () => Promise<void>;
  signOut: () => Promise<void>;
  /** Switches language, and remembers it on the profile when signed in. */
  changeLocale: (locale: TLocale) => Promise<void>;
  can: (permission: TPermission) => boolean;
}

const SessionContext = createContext<Session | null>(null);

/** True for anyone holding a staff permission; residents hold none and get the resident pages. */
export function isStaff(user: TSessionUser): boolean {
  return user.permissions.length > 0;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const { setLocale } = useI18n();
  const [user, setUserState] = useState<TSessionUser | null>(null);
  const [isLoading, setIsLoading] = useState(true);
  const [lostReason, setLostReason] = useState<string | null>(null);

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

  const setUser = useCallback(
    (next: TSessionUser) => {
      setLostReason(null);
      adopt(next);
      setLocale(next.locale);
    },
    [adopt, setLocale],
  );

  useEffect(() => {
    let isCurrent = true;
    authApi.getMe().then(
      (me) => {
        if (!isCurrent) return;
        adopt(me);
        setLocale(me.locale);
        setIsLoading(false);
      },
      () => {
        if (!isCurrent) return;
        adopt(null);
        setIsLoading(false);
      },
    );
    return () => {
      isCurrent = false;
    };
  }, [adopt, setLocale]);

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
    } finally {
      setLostReason(null);
      adopt(null);
    }
  }, [adopt]);

  const changeLocale = useCallback(
    async (locale: TLocale) => {
      setLocale(locale);
      if (user && user.locale !== locale) adopt(await authApi.updateProfile({ locale }));
    },
    [adopt, setLocale, user],
  );

  const value = useMemo<Session>(
    () => ({
      user,
      isLoading,
      lostReason,
      setUser,
      refresh,
      signOut,
      changeLocale,
      can: (permission) => !!user?.permissions.includes(permission),
    }),
    [user, isLoading, lostReason, setUser, refresh, signOut, changeLocale],
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
