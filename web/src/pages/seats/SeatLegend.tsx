import { useI18n } from "../../i18n/i18n";

export function SeatLegend() {
  const { t } = useI18n();
  const items: [string, string, string][] = [
    ["seat", "", t("seats.legend.free")],
    ["seat", "✓", t("seats.legend.selected")],
    ["seat taken", "×", t("seats.legend.taken")],
    ["seat premium", "", t("seats.kind.premium")],
    ["seat wheelchair", "♿", t("seats.kind.wheelchair")],
    ["seat companion", "+", t("seats.kind.companion")],
    ["seat blocked", "", t("seats.legend.blocked")],
  ];
  return (
    <ul className="legend" aria-label={t("seats.legend")}>
      {items.map(([className, glyph, label], i) => (
        <li key={label}>
          <span className={className} aria-hidden="true" style={i === 1 ? { background: "var(--primary)", color: "var(--primary-text)", borderColor: "var(--primary)" } : undefined}>{glyph}</span>
          {label}
        </li>
      ))}
    </ul>
  );
}
