// Chart.js lives only here, in a lazy chunk of the staff area: a moviegoer never downloads it.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from "chart.js";
import { useEffect, useRef, useState } from "react";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Tooltip, Legend);

export interface Series { label: string; data: number[] }

export interface ChartProps {
  type: "bar" | "line";
  labels: string[];
  series: Series[];
  /** The canvas's accessible name (the figures are in the data table next to it). */
  label: string;
  /** Fixed y-axis maximum (100 for percentages). */
  yMax?: number;
  /** Formats a y value for the axis and the tooltip. */
  format?: (n: number) => string;
}

/** The theme's colours, read from the CSS custom properties (light and dark palettes). */
function palette() {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    series: [v("--primary", "#1d4ed8"), v("--accent", "#92400e"), v("--success", "#166534"), v("--danger", "#b91c1c")],
    text: v("--text", "#16181d"),
    muted: v("--muted", "#4b5261"),
    line: v("--line", "#d5d8de"),
  };
}

/** Re-renders when the theme changes (<html data-theme>, or the system's scheme). */
function useThemeKey(): number {
  const [key, setKey] = useState(0);
  useEffect(() => {
    const bump = () => setKey((k) => k + 1);
    const observer = new MutationObserver(bump);
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme", "class"] });
    const media = window.matchMedia("(prefers-color-scheme: dark)");
    media.addEventListener("change", bump);
    return () => {
      observer.disconnect();
      media.removeEventListener("change", bump);
    };
  }, []);
  return key;
}

export default function ChartView({ type, labels, series, label, yMax, format }: ChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const theme = useThemeKey();
  useEffect(() => {
    if (!canvas.current) return;
    const p = palette();
    const chart = new Chart(canvas.current, {
      type,
      data: {
        labels,
        datasets: series.map((s, i) => ({
          label: s.label,
          data: s.data,
          backgroundColor: p.series[i % p.series.length],
          borderColor: p.series[i % p.series.length],
          borderWidth: type === "line" ? 2 : 0,
          tension: 0.2,
        })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        color: p.text,
        scales: {
          x: { ticks: { color: p.muted }, grid: { color: p.line } },
          y: { min: 0, max: yMax, ticks: { color: p.muted, callback: (v) => (format ? format(Number(v)) : String(v)) }, grid: { color: p.line } },
        },
        plugins: {
          legend: { display: series.length > 1, labels: { color: p.text } },
          tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${format ? format(Number(c.parsed.y)) : c.parsed.y}` } },
        },
      },
    });
    return () => chart.destroy();
  }, [type, labels, series, label, yMax, format, theme]);
  return (
    <div className="dash-chart">
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
