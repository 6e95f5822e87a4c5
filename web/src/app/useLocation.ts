import { useSyncExternalStore } from "react";
import { getLocation, Location, navigate, subscribe } from "./navigation";
import { buildQuery, Query } from "./router";

export function useLocation(): Location {
  return useSyncExternalStore(subscribe, getLocation);
}

/** Changes some query parameters of the current URL (others kept), as a new history entry or in place. */
export function setQuery(changes: Record<string, string | undefined>, options: { replace?: boolean } = {}): void {
  const current: Query = { ...getLocation().query };
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined || value === "") delete current[key];
    else current[key] = value;
  }
  navigate(getLocation().path + buildQuery(current), { replace: options.replace, keepScroll: options.replace });
}
