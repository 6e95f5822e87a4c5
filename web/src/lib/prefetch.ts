// Data asked for before React renders (at start, from the URL): the page takes it instead of asking
// again. A taken entry is gone, so a reload of the page fetches anew.
const store = new Map<string, Promise<unknown>>();
const settled = new Map<string, unknown>();

export function prefetch<T>(key: string, load: () => Promise<T>): void {
  if (store.has(key)) return;
  const promise = load();
  promise.then((value) => store.has(key) && settled.set(key, value), () => store.delete(key));
  store.set(key, promise);
}

export function takePrefetched<T>(key: string, load: () => Promise<T>): Promise<T> {
  const promise = store.get(key) as Promise<T> | undefined;
  store.delete(key);
  settled.delete(key);
  return promise ?? load();
}

/** The value of a prefetch that has already arrived (taken: the page renders with it at once). */
export function takeSettled<T>(key: string): T | undefined {
  if (!settled.has(key)) return undefined;
  const value = settled.get(key) as T;
  settled.delete(key);
  store.delete(key);
  return value;
}
