// The user's upcoming tickets kept in Cache Storage, so that /tickets renders offline (at the cinema
// door, in airplane mode). Written on each successful load of the tickets page; cleared at sign-out.
import type { Booking } from "../api/types";

/** A booking with its tickets (it embeds its screening: film, start, cinema, auditorium, time zone). */
export interface StoredBooking {
  booking: Booking;
}

export interface StoredTickets {
  savedAt: string;
  bookings: StoredBooking[];
}

const CACHE = "hs-offline-tickets";
const KEY = "/offline/tickets.json";

export async function saveOfflineTickets(bookings: StoredBooking[]): Promise<void> {
  if (!("caches" in window)) return;
  const body: StoredTickets = { savedAt: new Date().toISOString(), bookings };
  const cache = await caches.open(CACHE);
  await cache.put(KEY, new Response(JSON.stringify(body), { headers: { "Content-Type": "application/json" } }));
}

export async function loadOfflineTickets(): Promise<StoredTickets | null> {
  if (!("caches" in window)) return null;
  const cache = await caches.open(CACHE);
  const response = await cache.match(KEY);
  return response ? ((await response.json()) as StoredTickets) : null;
}

export async function clearOfflineTickets(): Promise<void> {
  if ("caches" in window) await caches.delete(CACHE);
}
