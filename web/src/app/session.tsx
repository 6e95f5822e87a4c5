// Who is signed in. At start the browser session (hs_refresh cookie) is refreshed once to get an
// access token in memory; then /me says who we are. Signing out clears what is kept for offline use.
import { flushSync } from "react-dom";
import { createContext, ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { authApi } from "../api/auth";
import { api } from "../api/instance";
import { NetworkError } from "../api/problem";
import type { Role, User } from "../api/types";
import { clearOfflineTickets } from "../lib/offlineTickets";

export type SessionStatus = "loading" | "signed-in" | "signed-out" | "offline";

interface SessionValue {
  status: SessionStatus;
  user: User | null;
  signIn: (email: string, password: string) => Promise<User>;
  signOut: () => Promise<void>;
  /** Forget the user locally (after "sign out everywhere" or a password reset). */
  ended: () => void;
  /** The account as the API answered it after an edit (PATCH /me). */
  updated: (user: User) => void;
}

const SessionContext = createContext<SessionValue | null>(null);
export const staffRoles: Role[] = ["super_admin", "admin", "moderator"];

export function isStaff(user: User | null): boolean {
  return user !== null && staffRoles.includes(user.role);
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [status, setStatus] = useState<SessionStatus>("loading");

  useEffect(() => {
    let alive = true;
    restore()
      .then((u) => {
        if (!alive) return;
        setUser(u);
        setStatus(u ? "signed-in" : "signed-out");
      })
      .catch(() => alive && setStatus("offline"));
    return () => {
      alive = false;
    };
  }, []);

  const signIn = useCallback(async (email: string, password: string) => {
    const answer = await authApi.login(email, password);
    api.setToken(answer.accessToken);
    // Committed before the caller navigates: the next page must see the signed-in status at once.
    flushSync(() => {
      setUser(answer.user);
      setStatus("signed-in");
    });
    return answer.user;
  }, []);

  const ended = useCallback(() => {
    api.setToken(null);
    setUser(null);
    setStatus("signed-out");
    void clearOfflineTickets();
  }, []);

  const signOut = useCallback(async () => {
    try {
      await authApi.logout();
    } finally {
      ended();
    }
  }, [ended]);

  const updated = useCallback((next: User) => setUser(next), []);

  const value = useMemo(
    () => ({ status, user, signIn, signOut, ended, updated }),
    [status, user, signIn, signOut, ended, updated],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

async function restore(): Promise<User | null> {
  if (!api.hasSessionCookie()) return null;
  const refreshed = await api.refresh();
  if (!refreshed) {
    if (!navigator.onLine) throw new NetworkError("offline");
    return null;
  }
  return authApi.me();
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession outside SessionProvider");
  return value;
}
