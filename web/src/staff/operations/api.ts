// Auth's signing keys through the gateway (keys:manage: super admins only).
import { api } from "../../api/instance";
import type { Page } from "../../api/types";
import type { SigningKey, Withdrawal } from "./keys";

export const keysApi = {
  list: (signal?: AbortSignal) => api.get<Page<SigningKey>>("/api/auth/signing-keys", undefined, { signal }),
  rotate: () => api.post<SigningKey>("/api/auth/signing-keys/rotate"),
  withdraw: (kid: string) => api.post<Withdrawal>(`/api/auth/signing-keys/${encodeURIComponent(kid)}/withdraw`),
};
