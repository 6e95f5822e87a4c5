// The seat-map editor's API calls (scheduling: auditoriums of a cinema, seat map, create, replace).
import { api } from "../../api/instance";
import type { Page } from "../../api/types";
import type { MapSeat, RowBody } from "./seatmap";

const S = "/api/scheduling";
const id = encodeURIComponent;

export interface AuditoriumSummary {
  id: string;
  name: string;
  capacity: number;
}

export type AuditoriumBody = { name: string; rows: RowBody[] };

export const auditoriumApi = {
  list: (cinemaId: string) => api.get<Page<AuditoriumSummary>>(`${S}/cinemas/${id(cinemaId)}/auditoriums`),
  seats: (auditoriumId: string) => api.get<Page<MapSeat>>(`${S}/auditoriums/${id(auditoriumId)}/seats`),
  create: (cinemaId: string, body: AuditoriumBody) => api.post<{ id: string }>(`${S}/cinemas/${id(cinemaId)}/auditoriums`, body),
  replace: (auditoriumId: string, body: AuditoriumBody) => api.put<Page<MapSeat>>(`${S}/auditoriums/${id(auditoriumId)}`, body),
};
