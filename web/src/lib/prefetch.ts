// Data asked for before React renders (at start, from the URL): the page takes it instead of asking
// again. A taken entry lingers a few seconds, then is gone: React may throw a first render away (a
// lazy chunk or a transition suspends it) and render again — the second render must find what the
// first one took, or it asks again and the page waits for a second round trip; later visits of the
// page (client-side navigation) must not get stale data.
const store = new Map<string, Promise<unknown>>();
const settled = new Map<string, unknown>();
const taken = new Set<string>();

/** How long a taken entry stays available to a render that replaces the one that took it. */
export const LINGER_MS = 5000;

export function prefetch<T>(key: string, load: () => Promise<T>): void {
  if (store.has(key)) return;
  const promise = load();
  promise.then((value) => store.has(key) && settled.set(key, value), () => forget(key));
  store.set(key, promise);
}

function forget(key: string): void {
  store.delete(key);
  settled.delete(key);
  taken.delete(key);
}

function markTaken(key: string): void {
  if (taken.has(key) || !store.has(key)) return;
  taken.add(key);
  setTimeout(() => forget(key), LINGER_MS);
}

export function takePrefetched<T>(key: string, load: () => Promise<T>): Promise<T> {
  const promise = store.get(key) as Promise<T> | undefined;
  markTaken(key);
  return promise ?? load();
}

/** The value of a prefetch that has already arrived (taken: the page renders with it at once). */
export function takeSettled<T>(key: string): T | undefined {
  if (!settled.has(key)) return undefined;
  const value = settled.get(key) as T;
  markTaken(key);
  return value;
}
