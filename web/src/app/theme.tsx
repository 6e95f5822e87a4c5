// Light and dark themes: the system's preference by default, a toggle remembered in localStorage.
// The palette is CSS custom properties on <html data-theme>.
import { createContext, ReactNode, useContext, useEffect, useMemo, useState } from "react";

export type Theme = "light" | "dark";
type Choice = Theme | "system";

interface ThemeValue {
  theme: Theme;
  toggle: () => void;
}

const ThemeContext = createContext<ThemeValue | null>(null);
const media = () => window.matchMedia("(prefers-color-scheme: dark)");

function savedChoice(): Choice {
  const saved = localStorage.getItem("hs-theme");
  return saved === "light" || saved === "dark" ? saved : "system";
}

export function ThemeProvider({ children }: { children: ReactNode }) {
  const [choice, setChoice] = useState<Choice>(savedChoice);
  const [systemDark, setSystemDark] = useState(() => media().matches);
  useEffect(() => {
    const query = media();
    const listener = (e: MediaQueryListEvent) => setSystemDark(e.matches);
    query.addEventListener("change", listener);
    return () => query.removeEventListener("change", listener);
  }, []);
  const theme: Theme = choice === "system" ? (systemDark ? "dark" : "light") : choice;
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  const value = useMemo<ThemeValue>(
    () => ({
      theme,
      toggle: () => {
        const next: Theme = theme === "dark" ? "light" : "dark";
        localStorage.setItem("hs-theme", next);
        setChoice(next);
      },
    }),
    [theme],
  );
  return <ThemeContext.Provider value={value}>{children}</ThemeContext.Provider>;
}

export function useTheme(): ThemeValue {
  const value = useContext(ThemeContext);
  if (!value) throw new Error("useTheme outside ThemeProvider");
  return value;
}
