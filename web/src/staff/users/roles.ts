// Which roles the signed-in person may grant (pure, unit-tested). The auth service decides with the
// token's permissions: users:manage changes roles; giving or taking away admin or super admin also
// needs roles:manage (super admins only). The access token's `perms` claim carries them.

export const allRoles = ["super_admin", "admin", "moderator", "client"] as const;
export type AnyRole = (typeof allRoles)[number];
const privileged: AnyRole[] = ["super_admin", "admin"];

/** The `perms` claim of a JWT access token (no signature check: it only shapes the UI; the API decides). */
export function tokenPermissions(token: string | null | undefined): string[] {
  const payload = token?.split(".")[1];
  if (!payload) return [];
  try {
    const base64 = payload.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(payload.length / 4) * 4, "=");
    const claims = JSON.parse(atob(base64)) as { perms?: unknown };
    return Array.isArray(claims.perms) ? claims.perms.filter((p): p is string => typeof p === "string") : [];
  } catch {
    return [];
  }
}

/** The roles one may set on an account whose role is `current` (empty: the account's role cannot be changed by this person). */
export function grantableRoles(perms: string[], current: string): AnyRole[] {
  if (!perms.includes("users:manage")) return [];
  if (perms.includes("roles:manage")) return [...allRoles];
  if (privileged.includes(current as AnyRole)) return [];
  return allRoles.filter((r) => !privileged.includes(r));
}

/** Case-insensitive match of an account on its e-mail, display name or id. */
export function matchesUser(user: { id: string; email: string; displayName: string }, q: string): boolean {
  const needle = q.trim().toLowerCase();
  if (!needle) return true;
  return user.email.toLowerCase().includes(needle) || user.displayName.toLowerCase().includes(needle) || user.id.toLowerCase() === needle;
}
