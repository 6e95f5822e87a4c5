import { api } from "./instance";
import type { FeedPage, Page, Preferences, PushSubscriptionRecord } from "./types";

const N = "/api/notifications";

export const notificationsApi = {
  preferences: () => api.get<Preferences>(`${N}/preferences`),
  savePreferences: (body: Preferences) => api.put<Preferences>(`${N}/preferences`, body),
  feed: (cursor?: string) => api.get<FeedPage>(`${N}/feed`, { limit: 30, cursor }),
  read: (itemId: string) => api.post<{ unreadCount: number }>(`${N}/feed/${encodeURIComponent(itemId)}/read`),
  readAll: () => api.post<{ unreadCount: number }>(`${N}/feed/read-all`),
  feedStreamUrl: () => `${N}/feed/stream`,
  vapidKey: () => api.get<{ publicKey: string }>(`${N}/push/vapid-key`),
  pushSubscriptions: () => api.get<Page<PushSubscriptionRecord>>(`${N}/push/subscriptions`),
  subscribePush: (body: PushSubscriptionJSON) => api.post<PushSubscriptionRecord>(`${N}/push/subscriptions`, body),
  unsubscribePush: (subscriptionId: string) =>
    api.delete<void>(`${N}/push/subscriptions/${encodeURIComponent(subscriptionId)}`),
};
