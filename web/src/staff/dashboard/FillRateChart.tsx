// Chart.js lives only here, in the staff area's own chunk: a moviegoer never downloads it.
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from "chart.js";
import { useEffect, useRef } from "react";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

export interface FillRateItem {
  key: string;
  label: string;
  screenings: number;
  capacity: number;
  sold: number;
  fillRate: number;
}

export default function FillRateChart({ items, label }: { items: FillRateItem[]; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const color = getComputedStyle(document.documentElement).getPropertyValue("--primary").trim() || "#1d4ed8";
    const chart = new Chart(canvas.current, {
      type: "bar",
      data: { labels: items.map((i) => i.label), datasets: [{ label, data: items.map((i) => Math.round(i.fillRate * 1000) / 10), backgroundColor: color }] },
      options: { responsive: true, maintainAspectRatio: false, scales: { y: { min: 0, max: 100 } } },
    });
    return () => chart.destroy();
  }, [items, label]);
  return (
    <div style={{ position: "relative", height: 280 }}>
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
