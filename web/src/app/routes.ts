// Every client route and the page chunk it loads (one lazy chunk per page: the home page downloads
// only its own). The staff area is its own chunk, loaded only for staff roles (see StaffGate).
import { ComponentType, lazy, LazyExoticComponent } from "react";
import type { Params, Query, RouteDef } from "./router";

export interface PageProps {
  params: Params;
  query: Query;
}

export interface RouteInfo {
  page: LazyExoticComponent<ComponentType<PageProps>>;
  /** Needs a signed-in user: others are sent to /signin?next=… */
  auth?: boolean;
}

const page = (load: () => Promise<{ default: ComponentType<PageProps> }>) => lazy(load);

export const routes: RouteDef<RouteInfo>[] = [
  { path: "/", value: { page: page(() => import("../pages/home/HomePage")) } },
  { path: "/films", value: { page: page(() => import("../pages/browse/BrowsePage")) } },
  { path: "/films/:id", value: { page: page(() => import("../pages/film/FilmPage")) } },
  { path: "/screenings/:id/seats", value: { page: page(() => import("../pages/seats/SeatsPage")) } },
  { path: "/checkout/:bookingId", value: { page: page(() => import("../pages/checkout/CheckoutPage")), auth: true } },
  { path: "/payment-return", value: { page: page(() => import("../pages/checkout/PaymentReturnPage")), auth: true } },
  { path: "/bookings/:id", value: { page: page(() => import("../pages/tickets/BookingPage")), auth: true } },
  { path: "/tickets", value: { page: page(() => import("../pages/tickets/TicketsPage")) } },
  { path: "/signin", value: { page: page(() => import("../pages/account/SignInPage")) } },
  { path: "/signup", value: { page: page(() => import("../pages/account/SignUpPage")) } },
  { path: "/verify-email", value: { page: page(() => import("../pages/account/VerifyEmailPage")) } },
  { path: "/forgot-password", value: { page: page(() => import("../pages/account/ForgotPasswordPage")) } },
  { path: "/reset-password", value: { page: page(() => import("../pages/account/ResetPasswordPage")) } },
  { path: "/account", value: { page: page(() => import("../pages/account/AccountPage")), auth: true } },
  { path: "/account/notifications", value: { page: page(() => import("../pages/notifications/PreferencesPage")), auth: true } },
  { path: "/notifications", value: { page: page(() => import("../pages/notifications/FeedPage")), auth: true } },
  { path: "/favourites", value: { page: page(() => import("../pages/library/FavouritesPage")), auth: true } },
  { path: "/lists", value: { page: page(() => import("../pages/library/ListsPage")), auth: true } },
  { path: "/lists/:id", value: { page: page(() => import("../pages/library/ListPage")) } },
  { path: "/history", value: { page: page(() => import("../pages/library/HistoryPage")), auth: true } },
  { path: "/faq", value: { page: page(() => import("../pages/faq/FaqPage")) } },
  { path: "/staff/*", value: { page: page(() => import("../staff/StaffGate")), auth: true } },
  { path: "/staff", value: { page: page(() => import("../staff/StaffGate")), auth: true } },
  { path: "/*", value: { page: page(() => import("../pages/NotFoundPage")) } },
];
