// The alerts section's API calls (notifications): alert rules, and the alerts that fired.
import { api } from "../../api/instance";
import { ApiProblem } from "../../api/problem";
import type { AlertRule, Delivery } from "./rules";
import { alertDeliveries } from "./rules";

const N = "/api/notifications";
const id = encodeURIComponent;

/** One firing of a rule (GET /alert-firings, requested in .run/api-requests.md). */
interface Firing { ruleId: string; ruleName: string; kind: string; subject?: string; firedAt: string; deliveries?: { channel: string; recipient: string; status: string }[] }

export type RuleInput = Omit<AlertRule, "id" | "lastFiredAt">;

/** The gateway's answer for a path no service route serves (as opposed to an unknown rule). */
export const missingRoute = (e: unknown) =>
  e instanceof ApiProblem && (e.status === 405 || (e.status === 404 && /no resource at this address/i.test(e.detail ?? "")));

export const alertsApi = {
  rules: () => api.get<{ items: AlertRule[] }>(`${N}/alert-rules`),
  create: (rule: RuleInput) => api.post<AlertRule>(`${N}/alert-rules`, rule),
  /** PATCH /alert-rules/{id}: requested in .run/api-requests.md (answers 404 until it exists). */
  update: (ruleId: string, change: Partial<RuleInput>) => api.patch<AlertRule>(`${N}/alert-rules/${id(ruleId)}`, change),
  remove: (ruleId: string) => api.delete<void>(`${N}/alert-rules/${id(ruleId)}`),
  /** The alerts that fired: the delivery log's `notifications.alert.*` messages, newest first, from
   *  its latest `pages` pages of 100 (the API has no alert history of its own yet). */
  async fired(pages = 5): Promise<{ items: ReturnType<typeof alertDeliveries>; scanned: number; complete: boolean }> {
    // The alert history (requested: GET /alert-firings) once it exists; the delivery log until then.
    try {
      const page = await api.get<{ items: Firing[]; nextCursor?: string | null }>(`${N}/alert-firings`, { limit: 100 });
      const rows = page.items.flatMap((f, i) =>
        (f.deliveries?.length ? f.deliveries : [{ channel: "", recipient: "", status: "" }]).map((d, j) => ({
          id: `${f.ruleId}-${f.firedAt}-${i}-${j}`, eventId: "", eventType: `notifications.alert.${f.kind}`, alertKind: f.kind,
          subject: f.subject ?? f.ruleName, createdAt: f.firedAt, channel: d.channel, recipient: d.recipient, status: d.status,
        })));
      return { items: rows, scanned: rows.length, complete: true };
    } catch (e) {
      if (!missingRoute(e)) throw e;
    }
    const items: ReturnType<typeof alertDeliveries> = [];
    let cursor: string | undefined;
    let scanned = 0;
    for (let i = 0; i < pages; i++) {
      const page = await api.get<{ items: Delivery[]; nextCursor?: string | null }>(`${N}/deliveries`, { limit: 100, cursor });
      scanned += page.items.length;
      items.push(...alertDeliveries(page.items));
      if (!page.nextCursor) return { items, scanned, complete: true };
      cursor = page.nextCursor;
    }
    return { items, scanned, complete: false };
  },
};
