// The in-app notification feed, live: while signed in, one stream (SSE from notifications) keeps the
// unread count and shows each new notification as a toast. Pages listen for new items too.
import { createContext, ReactNode, useContext, useEffect, useState } from "react";
import type { FeedItem } from "../api/types";
import { notificationsApi } from "../api/notifications";
import { openEventStream } from "../lib/eventStream";
import { useSession } from "./session";
import { useToast } from "./toasts";

const UnreadContext = createContext(0);
type ItemListener = (item: FeedItem) => void;
const itemListeners = new Set<ItemListener>();

export function onFeedItem(listener: ItemListener): () => void {
  itemListeners.add(listener);
  return () => itemListeners.delete(listener);
}

export function UnreadProvider({ children }: { children: ReactNode }) {
  const { user } = useSession();
  const toast = useToast();
  const [unread, setUnread] = useState(0);
  useEffect(() => {
    if (!user) {
      setUnread(0);
      return;
    }
    return openEventStream(notificationsApi.feedStreamUrl(), {
      authenticated: true,
      onEvent: (event) => {
        try {
          if (event.event === "unread") setUnread((JSON.parse(event.data) as { unreadCount: number }).unreadCount);
          if (event.event === "notification") {
            const item = JSON.parse(event.data) as FeedItem;
            setUnread((n) => n + 1);
            toast(item.title);
            itemListeners.forEach((l) => l(item));
          }
        } catch {
          /* a malformed event is skipped */
        }
      },
    });
  }, [user, toast]);
  return <UnreadContext.Provider value={unread}>{children}</UnreadContext.Provider>;
}

export function useUnread(): number {
  return useContext(UnreadContext);
}
