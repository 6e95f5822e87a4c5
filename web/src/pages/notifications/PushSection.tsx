import { useEffect, useState } from "react";
import { notificationsApi } from "../../api/notifications";
import { useToast } from "../../app/toasts";
import { problemLine } from "../../components/ErrorMessage";
import { useI18n } from "../../i18n/i18n";
import { base64UrlToBytes } from "../../lib/base64url";

type PushState = "unsupported" | "denied" | "off" | "on" | "working";

/** Web Push for this browser: the service worker subscribes with the VAPID key notifications publishes. */
export function PushSection() {
  const { t } = useI18n();
  const toast = useToast();
  const [state, setState] = useState<PushState>("working");
  useEffect(() => {
    void current().then((sub) => setState(supported() ? (Notification.permission === "denied" ? "denied" : sub ? "on" : "off") : "unsupported"));
  }, []);
  const subscribe = async () => {
    setState("working");
    try {
      const { publicKey } = await notificationsApi.vapidKey();
      const registration = await navigator.serviceWorker.ready;
      const subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: base64UrlToBytes(publicKey) });
      await notificationsApi.subscribePush(subscription.toJSON());
      setState("on");
      toast(t("push.on"), "success");
    } catch (e) {
      setState(Notification.permission === "denied" ? "denied" : "off");
      toast(problemLine(e, t), "error");
    }
  };
  const unsubscribe = async () => {
    setState("working");
    try {
      const sub = await current();
      const stored = await notificationsApi.pushSubscriptions();
      const mine = stored.items.find((s) => s.endpoint === sub?.endpoint);
      if (mine) await notificationsApi.unsubscribePush(mine.id);
      await sub?.unsubscribe();
      setState("off");
    } catch (e) {
      setState("on");
      toast(problemLine(e, t), "error");
    }
  };
  return (
    <section className="card stack section" aria-labelledby="push-title">
      <h2 id="push-title">{t("push.title")}</h2>
      <p>{t(`push.state.${state}`)}</p>
      {state === "off" && <button type="button" className="button" onClick={subscribe}>{t("push.subscribe")}</button>}
      {state === "on" && <button type="button" className="button secondary" onClick={unsubscribe}>{t("push.unsubscribe")}</button>}
    </section>
  );
}

function supported(): boolean {
  return "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
}

async function current(): Promise<PushSubscription | null> {
  if (!supported()) return null;
  const registration = await navigator.serviceWorker.getRegistration();
  return (await registration?.pushManager.getSubscription()) ?? null;
}
