// Every client route and the chunk of its page. Pages are grouped into a few lazy chunks
// (pages/groups/*): discover, booking, tickets, account — each request and module evaluation costs
// on a slow phone, so fewer, larger chunks load faster than one per page. The home page is in the
// main bundle (it is the first paint of most visits). The staff area is its own chunk, loaded only
// for staff roles (StaffGate → StaffApp).
import { ComponentType, lazy, LazyExoticComponent } from "react";
import HomePage from "../pages/home/HomePage";
import StaffGate from "./StaffGate";
import type { Params, Query, RouteDef } from "./router";

export interface PageProps {
  params: Params;
  query: Query;
}

type Page = ComponentType<PageProps>;

export interface RouteInfo {
  page: LazyExoticComponent<Page> | Page;
  /** Needs a signed-in user: others are sent to /signin?next=… */
  auth?: boolean;
}

function from<G>(group: () => Promise<G>, pick: (g: G) => Page, auth?: boolean): RouteInfo {
  return { page: lazy(() => group().then((g) => ({ default: pick(g) }))), auth };
}

const discover = () => import("../pages/groups/discover");
const booking = () => import("../pages/groups/booking");
const tickets = () => import("../pages/groups/tickets");
const account = () => import("../pages/groups/account");
const ready = (page: Page, auth?: boolean): RouteInfo => ({ page, auth });

export const routes: RouteDef<RouteInfo>[] = [
  { path: "/", value: ready(HomePage) },
  { path: "/films", value: from(discover, (g) => g.BrowsePage) },
  { path: "/films/:id", value: from(discover, (g) => g.FilmPage) },
  { path: "/screenings/:id/seats", value: from(booking, (g) => g.SeatsPage) },
  { path: "/checkout/:bookingId", value: from(booking, (g) => g.CheckoutPage, true) },
  { path: "/payment-return", value: from(booking, (g) => g.PaymentReturnPage, true) },
  { path: "/bookings/:id", value: from(tickets, (g) => g.BookingPage, true) },
  { path: "/tickets", value: from(tickets, (g) => g.TicketsPage) },
  { path: "/signin", value: from(account, (g) => g.SignInPage) },
  { path: "/signup", value: from(account, (g) => g.SignUpPage) },
  { path: "/verify-email", value: from(account, (g) => g.VerifyEmailPage) },
  { path: "/forgot-password", value: from(account, (g) => g.ForgotPasswordPage) },
  { path: "/reset-password", value: from(account, (g) => g.ResetPasswordPage) },
  { path: "/account", value: from(account, (g) => g.AccountPage, true) },
  { path: "/account/notifications", value: from(account, (g) => g.PreferencesPage, true) },
  { path: "/notifications", value: from(account, (g) => g.FeedPage, true) },
  { path: "/favourites", value: from(account, (g) => g.FavouritesPage, true) },
  { path: "/lists", value: from(account, (g) => g.ListsPage, true) },
  { path: "/lists/:id", value: from(discover, (g) => g.ListPage) },
  { path: "/history", value: from(account, (g) => g.HistoryPage, true) },
  { path: "/faq", value: from(discover, (g) => g.FaqPage) },
  { path: "/staff/*", value: ready(StaffGate, true) },
  { path: "/staff", value: ready(StaffGate, true) },
  { path: "/*", value: from(discover, (g) => g.NotFoundPage) },
];
