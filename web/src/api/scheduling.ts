import type { QueryValue } from "./client";
import { api } from "./instance";
import type { Audience, Booking, Cinema, Page, PriceCard, Screening, SeatState } from "./types";

const S = "/api/scheduling";
const id = encodeURIComponent;

export const schedulingApi = {
  cinemas: () => api.get<Page<Cinema>>(`${S}/cinemas`, { limit: 100 }),
  priceCards: (cinemaId: string) => api.get<Page<PriceCard>>(`${S}/cinemas/${id(cinemaId)}/price-cards`),
  screenings: (query: Record<string, QueryValue>) => api.get<Page<Screening>>(`${S}/screenings`, query),
  screening: (screeningId: string) => api.get<Screening>(`${S}/screenings/${id(screeningId)}`),
  seats: (screeningId: string) => api.get<Page<SeatState>>(`${S}/screenings/${id(screeningId)}/seats`),
  liveSeatsUrl: (screeningId: string) => `${S}/screenings/${id(screeningId)}/seats/live`,
  bestAvailable: (screeningId: string, seats: number, wheelchair: boolean) =>
    api.get<Page<SeatState>>(`${S}/screenings/${id(screeningId)}/best-available`, { seats, wheelchair }),
  hold: (screeningId: string, seatIds: string[], audiences: Record<string, Audience>) =>
    api.post<Booking>(`${S}/screenings/${id(screeningId)}/holds`, { seatIds, audiences }),
  booking: (bookingId: string) => api.get<Booking>(`${S}/bookings/${id(bookingId)}`),
  extend: (bookingId: string) => api.post<{ expiresAt: string }>(`${S}/bookings/${id(bookingId)}/extend`),
  release: (bookingId: string) => api.post<void>(`${S}/bookings/${id(bookingId)}/release`),
  cancel: (bookingId: string) => api.post<void>(`${S}/bookings/${id(bookingId)}/cancel`),
  myBookings: (cursor?: string) => api.get<Page<Booking>>(`${S}/me/bookings`, { limit: 50, cursor }),
};
