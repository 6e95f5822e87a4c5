import { useEffect, useState } from "react";
import { schedulingApi } from "../../api/scheduling";
import { isProblem } from "../../api/problem";
import type { Booking } from "../../api/types";
import { useToast } from "../../app/toasts";
import { problemLine } from "../../components/ErrorMessage";
import { useI18n } from "../../i18n/i18n";
import { canExtend, holdState } from "../../lib/holdTimer";

interface Props {
  booking: Booking;
  onExpired: () => void;
  onExtended: (expiresAt: string) => void;
}

/** Time left on the hold, the one allowed extension, and giving the seats back. */
export function HoldCountdown({ booking, onExpired, onExtended }: Props) {
  const { t } = useI18n();
  const toast = useToast();
  const [now, setNow] = useState(Date.now());
  // The booking says whether its one extension was used (in any tab or device).
  const [extended, setExtended] = useState(booking.extended);
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  const state = holdState(booking.expiresAt ?? new Date(now).toISOString(), now);
  useEffect(() => {
    if (state.expired) onExpired();
  }, [state.expired, onExpired]);
  const extend = async () => {
    try {
      const answer = await schedulingApi.extend(booking.id);
      setExtended(true);
      onExtended(answer.expiresAt);
      toast(t("checkout.extended"), "success");
    } catch (e) {
      if (isProblem(e) && e.status === 409) setExtended(true);
      toast(problemLine(e, t), "error");
    }
  };
  const release = async () => {
    try {
      await schedulingApi.release(booking.id);
    } finally {
      window.history.back();
    }
  };
  const minutes = Math.ceil(state.remainingMs / 60000);
  return (
    <div className="card row" style={{ justifyContent: "space-between" }}>
      <p style={{ margin: 0 }}>
        {t("checkout.heldFor")}{" "}
        <span className={state.warning ? "hold-timer warning" : "hold-timer"} role="timer" aria-label={t("checkout.timeLeft", { minutes })}>
          {state.label}
        </span>
      </p>
      {state.warning && <p className="visually-hidden" role="alert">{t("checkout.almostOver")}</p>}
      <div className="row">
        <button type="button" className="button small secondary" disabled={!canExtend(state, extended)} onClick={extend}>
          {extended ? t("checkout.alreadyExtended") : t("checkout.extend")}
        </button>
        <button type="button" className="button small danger" onClick={release}>{t("checkout.release")}</button>
      </div>
    </div>
  );
}
