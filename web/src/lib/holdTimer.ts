// The countdown of a seat hold (pure): time left, its display, when to warn, whether it can be extended.

export interface HoldState {
  remainingMs: number;
  expired: boolean;
  warning: boolean;
  label: string;
}

export const WARNING_MS = 2 * 60 * 1000;

export function holdState(expiresAt: string | Date, now: number): HoldState {
  const end = typeof expiresAt === "string" ? Date.parse(expiresAt) : expiresAt.getTime();
  const remainingMs = Math.max(0, end - now);
  return {
    remainingMs,
    expired: remainingMs === 0,
    warning: remainingMs > 0 && remainingMs <= WARNING_MS,
    label: clock(remainingMs),
  };
}

/** "m:ss" rounded up to the next second (a hold with 0.2 s left still shows 0:01). */
export function clock(ms: number): string {
  const total = Math.ceil(ms / 1000);
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${minutes}:${String(seconds).padStart(2, "0")}`;
}

/** One extension is allowed per hold, and only while it lasts. */
export function canExtend(state: HoldState, alreadyExtended: boolean): boolean {
  return !state.expired && !alreadyExtended;
}
