// The seat map of a screening, live: the first map from the page's first GET (fast), then the SSE
// stream of scheduling (`seats` events: the whole map now and after every change).
import { useEffect, useRef, useState } from "react";
import { schedulingApi } from "../../api/scheduling";
import type { Page, SeatState } from "../../api/types";
import { openEventStream } from "../../lib/eventStream";
import { reconcile } from "../../lib/seatGrid";

export type LiveState = "connecting" | "live" | "retrying";

/** The seats of the stream (null until its first event: the page shows its first GET meanwhile). */
export function useLiveSeats(screeningId: string, initial?: SeatState[]) {
  const initialRef = useRef(initial);
  initialRef.current = initial;
  const [seats, setSeats] = useState<SeatState[] | null>(null);
  const [state, setState] = useState<LiveState>("connecting");
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const close = openEventStream(schedulingApi.liveSeatsUrl(screeningId), {
      onEvent: (event) => {
        if (event.event !== "seats") return;
        try {
          const next = (JSON.parse(event.data) as Page<SeatState>).items;
          setSeats((current) => reconcile(current ?? initialRef.current, next));
          setError(null);
        } catch {
          /* skipped */
        }
      },
      onState: (s) => setState(s === "open" ? "live" : "retrying"),
    });
    return close;
  }, [screeningId]);
  return { seats, state, error };
}

