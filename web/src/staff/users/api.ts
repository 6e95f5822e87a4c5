// Accounts for staff (auth service): list and search, role, unlock, sessions.
import { api } from "../../api/instance";
import type { Page, Role, Session, User } from "../../api/types";
import { matchesUser } from "./roles";

const id = encodeURIComponent;

export type StaffUser = User & { lockedUntil?: string | null };

/** Pages read at most when searching client-side (GET /users has no search yet: .run/api-requests.md). */
const maxPages = 20;

export const usersApi = {
  page: (cursor?: string, signal?: AbortSignal) => api.get<Page<StaffUser>>("/api/auth/users", { limit: 100, cursor }, { signal }),
  /** Everyone matching `q` (e-mail, name or id) and `role`, reading the pages in turn; `complete` false when capped. */
  async search(q: string, role: string, signal?: AbortSignal): Promise<{ items: StaffUser[]; complete: boolean }> {
    const found: StaffUser[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < maxPages; i++) {
      const page = await usersApi.page(cursor, signal);
      found.push(...page.items.filter((u) => matchesUser(u, q) && (!role || u.role === role)));
      if (!page.nextCursor) return { items: found, complete: true };
      cursor = page.nextCursor;
    }
    return { items: found, complete: false };
  },
  setRole: (userId: string, role: Role) => api.put<StaffUser>(`/api/auth/users/${id(userId)}/role`, { role }),
  unlock: (userId: string) => api.post<void>(`/api/auth/users/${id(userId)}/unlock`),
  sessions: (userId: string, signal?: AbortSignal) => api.get<Page<Session>>(`/api/auth/users/${id(userId)}/sessions`, undefined, { signal }),
  revokeSessions: (userId: string) => api.delete<void>(`/api/auth/users/${id(userId)}/sessions`),
};
