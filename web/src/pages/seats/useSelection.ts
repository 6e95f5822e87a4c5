// The seats chosen and each one's audience. Kept in sessionStorage per screening (it survives the detour
// through sign-in); a seat that someone else takes is dropped from the selection, with a message.
import { useCallback, useEffect, useState } from "react";
import type { Audience } from "../../api/types";
import { useToast } from "../../app/toasts";
import { useI18n } from "../../i18n/i18n";
import { isSelectable, SeatGrid } from "../../lib/seatGrid";

export const MAX_SEATS = 10;
export type Selection = ReturnType<typeof useSelection>;

export function useSelection(screeningId: string, grid: SeatGrid) {
  const { t } = useI18n();
  const toast = useToast();
  const key = "hs-selection-" + screeningId;
  const [selected, setSelected] = useState<Map<string, Audience>>(() => load(key));
  useEffect(() => {
    sessionStorage.setItem(key, JSON.stringify([...selected.entries()]));
  }, [key, selected]);
  useEffect(() => {
    if (grid.byId.size === 0) return;
    const lost = [...selected.keys()].filter((id) => {
      const seat = grid.byId.get(id);
      return !seat || !isSelectable(seat);
    });
    if (lost.length === 0) return;
    setSelected((current) => new Map([...current].filter(([id]) => !lost.includes(id))));
    const names = lost.map((id) => grid.byId.get(id)).filter(Boolean).map((s) => `${s?.row}${s?.number}`);
    toast(t("seats.taken", { seats: names.join(", ") }), "error");
  }, [grid, selected, t, toast]);
  const toggle = useCallback(
    (id: string) => {
      if (!selected.has(id) && selected.size >= MAX_SEATS) {
        toast(t("seats.max", { count: MAX_SEATS }), "error");
        return;
      }
      setSelected((current) => {
        const next = new Map(current);
        if (next.has(id)) next.delete(id);
        else next.set(id, "adult");
        return next;
      });
    },
    [selected, t, toast],
  );
  const setAudience = useCallback((id: string, audience: Audience) => {
    setSelected((current) => new Map(current).set(id, audience));
  }, []);
  const replace = useCallback((ids: string[]) => setSelected(new Map(ids.map((id) => [id, "adult" as Audience]))), []);
  const clear = useCallback(() => {
    setSelected(new Map());
    sessionStorage.removeItem(key);
  }, [key]);
  return { selected, toggle, setAudience, replace, clear };
}

function load(key: string): Map<string, Audience> {
  try {
    return new Map(JSON.parse(sessionStorage.getItem(key) ?? "[]") as [string, Audience][]);
  } catch {
    return new Map();
  }
}
