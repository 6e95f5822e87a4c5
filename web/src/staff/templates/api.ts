// The notifications service's template endpoints (templates:write).
import { api } from "../../api/instance";
import type { Channel, TemplateSummary } from "./model";

const id = encodeURIComponent;

export interface TemplateVersion {
  version: number;
  subject: string;
  body: string;
  html?: string;
  author: string;
  createdAt: string;
}

export interface TemplateDetail {
  kind: string;
  channel: Channel;
  locale: string;
  variables: string[];
  /** newest first */
  versions: TemplateVersion[];
}

export interface TemplateText {
  subject: string;
  body: string;
  html?: string;
}

const base = (kind: string, channel: string, locale: string) =>
  `/api/notifications/templates/${id(kind)}/${id(channel)}/${id(locale)}`;

export const templatesApi = {
  list: (signal?: AbortSignal) => api.get<{ items: TemplateSummary[] }>("/api/notifications/templates", undefined, { signal }),
  get: (kind: string, channel: string, locale: string, signal?: AbortSignal) =>
    api.get<TemplateDetail>(base(kind, channel, locale), undefined, { signal }),
  save: (kind: string, channel: string, locale: string, text: TemplateText) =>
    api.put<TemplateVersion>(base(kind, channel, locale), text),
  preview: (kind: string, channel: string, locale: string, text: TemplateText, signal?: AbortSignal) =>
    api.post<TemplateText>(base(kind, channel, locale) + "/preview", text, { signal }),
  rollback: (kind: string, channel: string, locale: string, version: number) =>
    api.post<TemplateVersion>(base(kind, channel, locale) + "/rollback", { version }),
};
