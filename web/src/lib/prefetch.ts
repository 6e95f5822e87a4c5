// Data asked for before React renders (at start, from the URL): the page takes it instead of asking
// again. A taken entry is gone, so a reload of the page fetches anew.
const store = new Map<string, Promise<unknown>>();

export function prefetch<T>(key: string, load: () => Promise<T>): void {
  if (store.has(key)) return;
  const promise = load();
  promise.catch(() => store.delete(key));
  store.set(key, promise);
}

export function takePrefetched<T>(key: string, load: () => Promise<T>): Promise<T> {
  const promise = store.get(key) as Promise<T> | undefined;
  store.delete(key);
  return promise ?? load();
}
