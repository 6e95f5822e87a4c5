import { api } from "./instance";
import type { Language, LoginAnswer, Page, Session, User } from "./types";

const A = "/api/auth";

export const authApi = {
  register: (body: { email: string; password: string; displayName: string; language: Language }) =>
    api.post<{ status: string; message: string }>(`${A}/register`, body, { noRefresh: true }),
  login: (email: string, password: string) =>
    api.post<LoginAnswer>(`${A}/login`, { email, password, useCookie: true }, { noRefresh: true }),
  logout: () => api.post<void>(`${A}/logout`),
  logoutAll: () => api.post<{ revokedSessions: number }>(`${A}/logout-all`),
  me: () => api.get<User>(`${A}/me`),
  sessions: () => api.get<Page<Session>>(`${A}/sessions`),
  revokeSession: (id: string) => api.delete<void>(`${A}/sessions/${encodeURIComponent(id)}`),
  verifyEmail: (token: string) => api.post<void>(`${A}/verify-email`, { token }, { noRefresh: true }),
  requestReset: (email: string) => api.post<{ message: string }>(`${A}/password-reset`, { email }, { noRefresh: true }),
  updateMe: (body: { displayName?: string; language?: Language }) => api.patch<User>(`${A}/me`, body),
  changePassword: (currentPassword: string, newPassword: string) =>
    api.post<void>(`${A}/me/password`, { currentPassword, newPassword }),
  confirmReset: (token: string, newPassword: string) =>
    api.post<void>(`${A}/password-reset/confirm`, { token, newPassword }, { noRefresh: true }),
};
