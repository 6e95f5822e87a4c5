import { useState } from "react";
import { useTitle } from "../../components/useTitle";
import { MessageKey, useI18n } from "../../i18n/i18n";

const entries = ["book", "hold", "orphan", "pay", "3ds", "offline", "cancel", "invoice", "access", "account"] as const;

/** Questions that open one at a time, filtered as you type. */
export default function FaqPage() {
  const { t } = useI18n();
  useTitle(t("faq.title"));
  const [filter, setFilter] = useState("");
  const items = entries
    .map((id) => ({ id, q: t(`faq.${id}.q` as MessageKey), a: t(`faq.${id}.a` as MessageKey) }))
    .filter((e) => (e.q + " " + e.a).toLowerCase().includes(filter.trim().toLowerCase()));
  return (
    <div className="page narrow faq">
      <h1>{t("faq.title")}</h1>
      <div className="field">
        <label htmlFor="faq-filter">{t("faq.search")}</label>
        <input id="faq-filter" type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
      </div>
      <p className="muted" role="status">{t("faq.count", { count: items.length })}</p>
      {items.map((e) => (
        <details key={e.id}>
          <summary>{e.q}</summary>
          <p>{e.a}</p>
        </details>
      ))}
    </div>
  );
}
