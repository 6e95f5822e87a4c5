import { schedulingApi } from "../../api/scheduling";
import type { Screening, SeatState } from "../../api/types";

export interface SeatsData {
  screening: Screening;
  seats: SeatState[];
}

/** What the seat page's first paint needs, asked in parallel. */
export function loadSeatsData(screeningId: string): Promise<SeatsData> {
  return Promise.all([schedulingApi.screening(screeningId), schedulingApi.seats(screeningId)]).then(
    ([screening, seats]) => ({ screening, seats: seats.items }),
  );
}

export function seatsKey(screeningId: string): string {
  return "seats-" + screeningId;
}
