// Idempotency keys for checkouts (pure, storage injected): one key per attempt, i.e. per booking and
// request body. A double click, a retry after a network error or a reload reuse the key (the API then
// answers the first result and never charges twice); another card or promo code is another attempt.

export interface KeyStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export function newKey(random: () => string = defaultRandom): string {
  return random();
}

function defaultRandom(): string {
  if (typeof crypto !== "undefined" && "randomUUID" in crypto) return crypto.randomUUID();
  return Math.random().toString(36).slice(2) + Date.now().toString(36);
}

export function attemptKey(store: KeyStore, bookingId: string, body: unknown, random?: () => string): string {
  const slot = "hs-checkout-" + bookingId;
  const fingerprint = JSON.stringify(body);
  const saved = store.getItem(slot);
  if (saved) {
    const { key, body: savedBody } = JSON.parse(saved) as { key: string; body: string };
    if (savedBody === fingerprint) return key;
  }
  const key = newKey(random);
  store.setItem(slot, JSON.stringify({ key, body: fingerprint }));
  return key;
}

export function forgetAttempt(store: KeyStore, bookingId: string): void {
  store.removeItem("hs-checkout-" + bookingId);
}
