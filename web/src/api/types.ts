// The shapes of the services' answers (from their OpenAPI documents), as the app uses them.

export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
  total?: number;
}

export type Role = "super_admin" | "admin" | "moderator" | "client";
export type Language = "fr" | "en";

export interface User {
  id: string;
  email: string;
  displayName: string;
  language: Language;
  role: Role;
  createdAt: string;
  emailVerified?: boolean;
}

export interface LoginAnswer {
  accessToken: string;
  tokenType: string;
  expiresIn: number;
  user: User;
}

export interface Session {
  id: string;
  createdAt: string;
  lastUsedAt: string;
  expiresAt: string;
  userAgent?: string;
  clientAddress?: string;
  current: boolean;
}

export type ImageSizes = Record<string, string>;

export interface CastMember {
  personId: number;
  name: string;
  character?: string;
  order?: number;
}

export interface Film {
  id: string;
  status: "draft" | "published" | "archived";
  title: string;
  originalTitle?: string;
  synopsis?: string;
  synopsisEn?: string;
  runtimeMinutes: number;
  releaseDate?: string;
  certification?: string;
  genres: string[];
  originalLanguage?: string;
  spokenLanguages?: string[];
  audioLanguages?: string[];
  subtitleLanguages?: string[];
  formats?: string[];
  cast?: CastMember[];
  crew?: { personId: number; name: string; job: string }[];
  trailers?: { site: string; key: string; name: string; language?: string }[];
  rating?: number;
  voteCount?: number;
  categories?: string[];
  images?: { poster?: ImageSizes; backdrop?: ImageSizes };
}

export interface Category {
  id: string;
  name: string;
  slug: string;
  kind: "genre" | "collection";
  parentId?: string;
  filmCount?: number;
}

export interface Recommendation {
  film: Film;
  score: number;
  because?: string;
  reasons?: { kind: string; filmId?: string; filmTitle?: string; detail?: string }[];
}

export interface FilmList {
  id: string;
  name: string;
  isPublic: boolean;
  shareToken?: string;
  films: Film[];
  createdAt?: string;
  updatedAt?: string;
}

export interface HistoryEntry {
  id: string;
  filmId: string;
  title: string;
  watchedAt: string;
  source: "booking" | "manual";
  bookingId?: string;
}

export interface VatRate {
  ratePermille: number;
  validFrom: string;
}

export interface Cinema {
  id: string;
  name: string;
  city: string;
  timezone: string;
  currency: string;
  legalEntity?: { name: string; address: string; country: string; vatNumber: string; vatRates: VatRate[] };
  auditoriums: { id: string; name: string; capacity: number }[];
}

export interface Screening {
  id: string;
  filmId: string;
  filmTitle: string;
  auditoriumId: string;
  auditoriumName: string;
  cinemaId: string;
  cinemaName: string;
  /** The cinema's IANA time zone. */
  timezone: string;
  /** Sellable seats (blocked ones excluded). */
  capacity: number;
  /** Sellable seats neither held nor sold now. */
  seatsFree: number;
  wheelchairFree: number;
  startsAt: string;
  endsAt: string;
  priceAmount: number;
  currency: string;
  format?: string;
  version?: string;
  status: string;
  priceCardId?: string;
  audioLanguage?: string;
  subtitleLanguage?: string;
}

export type SeatKind = "standard" | "premium" | "wheelchair" | "companion" | "blocked";
export type SeatStateName = "free" | "held" | "sold" | "blocked";
export type Audience = "adult" | "child" | "student" | "senior";

export interface SeatState {
  id: string;
  row: string;
  number: number;
  rowIndex: number;
  columnIndex: number;
  kind: SeatKind;
  state: SeatStateName;
}

export interface PriceRule {
  audience: Audience;
  seatKind?: Exclude<SeatKind, "blocked">;
  format?: string;
  days?: number[];
  from?: string;
  to?: string;
  amount: number;
}

export interface PriceCard {
  id: string;
  cinemaId: string;
  name: string;
  rules: PriceRule[];
}

export interface Ticket {
  code: string;
  row: string;
  number: number;
  signature: string;
  status: "valid" | "cancelled";
}

export interface Booking {
  id: string;
  screeningId: string;
  userId: string;
  status: "held" | "confirmed" | "expired" | "cancelled";
  amount: number;
  currency: string;
  expiresAt?: string;
  createdAt: string;
  seats: { seatId: string; row: string; number: number; price: number }[];
  tickets?: Ticket[];
  /** The screening, embedded. */
  filmId: string;
  filmTitle: string;
  startsAt: string;
  endsAt: string;
  cinemaId: string;
  cinemaName: string;
  auditoriumName: string;
  timezone: string;
  /** A paid booking can be cancelled until then (scheduling's cutoff before the start). */
  cancellableUntil: string;
  /** The hold's one extension was used. */
  extended: boolean;
}

/** A promo code checked against a held booking (payments, nothing reserved). */
export interface PromoCheck {
  code: string;
  bookingId: string;
  amount: number;
  discount: number;
  total: number;
  currency: string;
}

/** What cancelling a paid booking would refund now (payments' dry run). */
export interface CancellationQuote {
  bookingId: string;
  paymentId: string;
  paid: number;
  refunded: number;
  feePercent: number;
  fee: number;
  refund: number;
  currency: string;
}

export type PaymentStatus = "requires_action" | "succeeded" | "failed" | "partially_refunded" | "refunded";

export interface CheckoutAnswer {
  paymentId: string;
  bookingId: string;
  status: PaymentStatus;
  amount: number;
  currency: string;
  failureReason?: string;
  nextAction?: { type: string; url: string };
  discount?: number;
  promoCode?: string;
}

export interface Payment {
  id: string;
  bookingId: string;
  provider: string;
  status: PaymentStatus;
  amount: number;
  currency: string;
  failureReason?: string;
  createdAt: string;
  discount?: number;
  promoCode?: string;
}

export interface Invoice {
  id: string;
  number: string;
  kind: "invoice" | "credit_note";
  paymentId: string;
  total: number;
  currency: string;
  issuedAt: string;
}

export type Channel = "email" | "sms" | "push" | "inapp";
export type Frequency = "immediate" | "daily" | "weekly";

export interface CategoryChoice {
  channels: Channel[];
  frequency: Frequency;
}

export interface Preferences {
  language?: Language;
  timeZone?: string;
  phone?: string;
  quietHours?: { start: string; end: string } | null;
  filters?: { genres: string[]; languages: string[] };
  categories?: Record<string, CategoryChoice>;
}

export interface FeedItem {
  id: string;
  kind: string;
  title: string;
  body: string;
  link?: string;
  createdAt: string;
  readAt?: string | null;
}

export interface FeedPage extends Page<FeedItem> {
  unreadCount: number;
}

export interface PushSubscriptionRecord {
  id: string;
  endpoint: string;
  createdAt: string;
}
