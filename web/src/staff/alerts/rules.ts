// Pure logic of the alert rules (no React): the API's shapes, recipients parsed and checked as the
// notifications service does, and which channel each recipient needs. Unit-tested in
// web/test/alerts-rules.test.mjs.

export const kinds = ["occupancy", "fraud", "refunds", "parked"] as const;
export type Kind = (typeof kinds)[number];
export const channels = ["email", "sms", "inapp"] as const;
export type Channel = (typeof channels)[number];

export interface AlertRule {
  id: string;
  name: string;
  kind: Kind;
  threshold?: number;
  windowMinutes?: number;
  recipients: string[];
  channels: (Channel | "push")[];
  enabled?: boolean;
  lastFiredAt?: string;
}

export interface Delivery {
  id: string;
  eventId: string;
  eventType: string;
  channel: string;
  recipient: string;
  subject?: string;
  status: string;
  createdAt: string;
  sentAt?: string;
}

export const alertEventPrefix = "notifications.alert.";

/** Recipients from a text: split on commas, semicolons and line breaks, trimmed, duplicates removed. */
export function parseRecipients(text: string): string[] {
  return [...new Set(text.split(/[,;\n\r]+/).map((r) => r.trim()).filter(Boolean))];
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The channel a recipient is reached on (as the service decides), or null when it is none of them. */
export function channelOf(recipient: string): Channel | null {
  if (recipient.includes("@")) return "email";
  if (/^\+[1-9][0-9]{6,14}$/.test(recipient)) return "sms";
  if (uuid.test(recipient)) return "inapp";
  return null;
}

export type RuleProblem =
  | { field: "name"; kind: "empty" }
  | { field: "recipients"; kind: "count" }
  | { field: "recipients"; kind: "invalid"; recipient: string }
  | { field: "recipients"; kind: "channel"; recipient: string; channel: Channel }
  | { field: "channels"; kind: "empty" };

/** What is wrong with a rule before it is sent (the service checks the same and more). */
export function checkRule(name: string, recipients: string[], chosen: Channel[]): RuleProblem[] {
  const problems: RuleProblem[] = [];
  if (!name.trim()) problems.push({ field: "name", kind: "empty" });
  if (recipients.length === 0 || recipients.length > 50) problems.push({ field: "recipients", kind: "count" });
  for (const r of recipients) {
    const c = channelOf(r);
    if (!c) problems.push({ field: "recipients", kind: "invalid", recipient: r });
    else if (chosen.length > 0 && !chosen.includes(c)) problems.push({ field: "recipients", kind: "channel", recipient: r, channel: c });
  }
  if (chosen.length === 0) problems.push({ field: "channels", kind: "empty" });
  return problems;
}

/** Whether the kind uses a threshold, a window. */
export const usesThreshold = (kind: string) => kind === "occupancy" || kind === "refunds";
export const usesWindow = (kind: string) => kind === "refunds" || kind === "fraud";

/** The alert deliveries among delivery-log items, and the kind of each. */
export function alertDeliveries(items: Delivery[]): (Delivery & { alertKind: string })[] {
  return items.filter((d) => d.eventType.startsWith(alertEventPrefix)).map((d) => ({ ...d, alertKind: d.eventType.slice(alertEventPrefix.length) }));
}
