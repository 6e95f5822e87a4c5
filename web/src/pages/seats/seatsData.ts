import { schedulingApi } from "../../api/scheduling";

/** What the seat page's first paint needs, asked in parallel. */
export function loadSeatsData(screeningId: string) {
  return Promise.all([schedulingApi.screening(screeningId), schedulingApi.seats(screeningId)]).then(
    ([screening, seats]) => ({ screening, seats: seats.items }),
  );
}

export function seatsKey(screeningId: string): string {
  return "seats-" + screeningId;
}
