// The History-API side of the router: one store of the current location that React subscribes to.
import { parseQuery, Query } from "./router";

export interface Location {
  path: string;
  query: Query;
  search: string;
  key: string;
}

type Listener = () => void;
const listeners = new Set<Listener>();
let current = read();

function read(): Location {
  const state = window.history.state as { key?: string } | null;
  return {
    path: window.location.pathname,
    search: window.location.search,
    query: parseQuery(window.location.search),
    key: state?.key ?? "initial",
  };
}

function emit() {
  current = read();
  listeners.forEach((l) => l());
}

window.addEventListener("popstate", () => {
  const before = current.path + current.search;
  saveScroll();
  emit();
  if (current.path + current.search !== before) restoreScroll(current.key);
});

/** Back/forward: scroll to where the reader was, once the page has grown tall enough (data loads lazily). */
function restoreScroll(key: string) {
  const target = savedScroll(key);
  if (target === null) return;
  let tries = 0;
  const attempt = () => {
    const reachable = document.documentElement.scrollHeight - window.innerHeight >= target;
    if (reachable || tries++ > 30) {
      window.scrollTo(0, target);
      return;
    }
    window.setTimeout(attempt, 100);
  };
  window.requestAnimationFrame(attempt);
}

export function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function getLocation(): Location {
  return current;
}

function newKey(): string {
  return Math.random().toString(36).slice(2, 10);
}

/** Goes to a client route. The scroll position of the page we leave is kept in its history entry. */
export function navigate(to: string, options: { replace?: boolean; keepScroll?: boolean } = {}): void {
  const here = window.location.pathname + window.location.search;
  if (to === here && !options.replace) return;
  saveScroll();
  const state = { key: newKey() };
  if (options.replace) window.history.replaceState(state, "", to);
  else window.history.pushState(state, "", to);
  emit();
  if (!options.keepScroll) window.scrollTo(0, 0);
}

function saveScroll() {
  try {
    sessionStorage.setItem("hs-scroll-" + current.key, String(window.scrollY));
  } catch {
    /* storage full or off: the position is simply not restored */
  }
}

/** The scroll position saved for a history entry (back/forward), to restore once its data is shown. */
export function savedScroll(key: string): number | null {
  const value = sessionStorage.getItem("hs-scroll-" + key);
  return value === null ? null : Number(value);
}

if ("scrollRestoration" in window.history) window.history.scrollRestoration = "manual";
