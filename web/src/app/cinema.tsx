// The chosen cinema ("near me"): the list from scheduling, the choice remembered in localStorage.
import { createContext, ReactNode, useContext, useEffect, useMemo, useState } from "react";
import { schedulingApi } from "../api/scheduling";
import type { Cinema } from "../api/types";

interface CinemaValue {
  cinemas: Cinema[];
  cinema: Cinema | null;
  choose: (id: string) => void;
}

const CinemaContext = createContext<CinemaValue | null>(null);

export function CinemaProvider({ children }: { children: ReactNode }) {
  const [cinemas, setCinemas] = useState<Cinema[]>([]);
  const [chosen, setChosen] = useState(() => localStorage.getItem("hs-cinema") ?? "");
  useEffect(() => {
    schedulingApi.cinemas().then((page) => setCinemas(page.items), () => setCinemas([]));
  }, []);
  const value = useMemo<CinemaValue>(() => {
    const cinema = cinemas.find((c) => c.id === chosen) ?? cinemas[0] ?? null;
    return {
      cinemas,
      cinema,
      choose: (id) => {
        localStorage.setItem("hs-cinema", id);
        setChosen(id);
      },
    };
  }, [cinemas, chosen]);
  return <CinemaContext.Provider value={value}>{children}</CinemaContext.Provider>;
}

export function useCinema(): CinemaValue {
  const value = useContext(CinemaContext);
  if (!value) throw new Error("useCinema outside CinemaProvider");
  return value;
}

/** The cinema of a screening (for its price card and VAT rates). */
export function cinemaOfScreening(cinemas: Cinema[], screening: { cinemaId: string }): Cinema | undefined {
  return cinemas.find((c) => c.id === screening.cinemaId);
}
