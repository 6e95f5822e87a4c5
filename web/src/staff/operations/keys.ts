// Signing keys of access tokens (auth's `keys:manage`, super admins): what the panel shows and how
// it copes with a withdrawal. Pure (no API instance here), unit-tested in web/test/staff-keys.test.mjs.

export type KeyStatus = "pending" | "active" | "verifying" | "expired" | "retired";

export interface SigningKey {
  kid: string;
  status: KeyStatus;
  createdAt: string;
  activatesAt: string;
  supersededAt?: string | null;
}

export interface Withdrawal {
  withdrawn: SigningKey;
  signing: SigningKey;
}

/** Keys in the JWKS: their tokens are (or will be) accepted. */
export const publishedStatuses: readonly KeyStatus[] = ["pending", "active", "verifying"];

/** Newest first (by when they sign, then when they were made), as auth lists them. */
export function orderKeys(keys: SigningKey[]): SigningKey[] {
  const time = (iso: string) => Date.parse(iso) || 0;
  return [...keys].sort((a, b) => time(b.activatesAt) - time(a.activatesAt) || time(b.createdAt) - time(a.createdAt));
}

/** What the table shows: every published key, and the `limit` newest of the others unless `all`. */
export function visibleKeys(keys: SigningKey[], all: boolean, limit = 5): SigningKey[] {
  const ordered = orderKeys(keys);
  if (all) return ordered;
  let others = 0;
  return ordered.filter((k) => publishedStatuses.includes(k.status) || others++ < limit);
}

/** The list as it stands after a withdrawal: the withdrawn key and the signing key replaced or added,
 * and any other key that was active now superseded (it verifies its tokens until they expire). */
export function afterWithdrawal(keys: SigningKey[], result: Withdrawal): SigningKey[] {
  const changed = new Map([result.withdrawn, result.signing].map((k) => [k.kid, k]));
  const next = keys.map((k) => {
    const fresh = changed.get(k.kid);
    if (fresh) return fresh;
    return k.status === "active" ? { ...k, status: "verifying" as const } : k;
  });
  for (const k of changed.values()) if (!next.some((x) => x.kid === k.kid)) next.push(k);
  return orderKeys(next);
}

/** The key that signs now, if the list has one. */
export function signingKey(keys: SigningKey[]): SigningKey | undefined {
  return keys.find((k) => k.status === "active");
}

/** When to look again on its own: just after the next pending key starts signing (ms from now), or null. */
export function nextChange(keys: SigningKey[], now: number, slackMs = 1000, horizonMs = 15 * 60_000): number | null {
  const waits = keys
    .filter((k) => k.status === "pending")
    .map((k) => Date.parse(k.activatesAt) - now + slackMs)
    .filter((ms) => Number.isFinite(ms) && ms <= horizonMs);
  if (waits.length === 0) return null;
  return Math.max(0, Math.min(...waits));
}

/**
 * Calls `fn`, and again after `delayMs` while it fails with a refusal `retryOn` accepts (by default
 * 401): right after a withdrawal the app's token of the new key may be refused for up to 10 s, until
 * every verifier has fetched the new key.
 */
export async function withRetry<T>(
  fn: () => Promise<T>,
  options: { attempts?: number; delayMs?: number; retryOn?: (e: unknown) => boolean; sleep?: (ms: number) => Promise<void> } = {},
): Promise<T> {
  const attempts = options.attempts ?? 5;
  const delayMs = options.delayMs ?? 2500;
  const retryOn = options.retryOn ?? isRefused;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (i >= attempts || !retryOn(e)) throw e;
      await sleep(delayMs);
    }
  }
}

/** A 401 answer (an ApiProblem or anything with `status` 401). */
export function isRefused(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { status?: unknown }).status === 401;
}

/** A 403 answer: the signed-in person may not manage keys (the panel is then not shown). */
export function isForbidden(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { status?: unknown }).status === 403;
}
