// Pure logic of the templates screens (unit-tested in web/test/staff-catalog.test.mjs).

export const channels = ["email", "sms", "push", "inapp"] as const;
export type Channel = (typeof channels)[number];
export const locales = ["fr", "en"] as const;

export interface TemplateSummary {
  kind: string;
  channel: Channel;
  locale: string;
  version: number;
  author: string;
  createdAt: string;
}

export interface TemplateRow {
  kind: string;
  /** channel → locale → current version */
  cells: Partial<Record<Channel, Record<string, number>>>;
}

/** The list by kind (sorted), each with its channels and the current version per locale. */
export function templateRows(items: TemplateSummary[], filter = ""): TemplateRow[] {
  const wanted = filter.trim().toLowerCase();
  const byKind = new Map<string, TemplateRow>();
  for (const item of items) {
    if (wanted && !item.kind.toLowerCase().includes(wanted)) continue;
    const row = byKind.get(item.kind) ?? { kind: item.kind, cells: {} };
    const cell = (row.cells[item.channel] ??= {});
    cell[item.locale] = Math.max(cell[item.locale] ?? 0, item.version);
    byKind.set(item.kind, row);
  }
  return [...byKind.values()].sort((a, b) => a.kind.localeCompare(b.kind));
}

export interface PartError {
  field: string;
  /** 1-based line of the part, when the API named it ("line 4: syntax error (…)"). */
  line?: number;
  message: string;
}

/** The API's field errors ("line 4: syntax error (unfinishedName)") split into line and message. */
export function partErrors(errors: { field: string; message: string }[]): PartError[] {
  return errors.map((e) => {
    const m = /^line (\d+):\s*(.*)$/s.exec(e.message);
    return m ? { field: e.field, line: Number(m[1]), message: m[2] } : { field: e.field, message: e.message };
  });
}

/** Offset of the start of a 1-based line in a text (its end when the line is past the end). */
export function lineStart(text: string, line: number): number {
  let offset = 0;
  for (let n = 1; n < line; n++) {
    const next = text.indexOf("\n", offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return offset;
}

export const lineCount = (text: string) => text.split("\n").length;
