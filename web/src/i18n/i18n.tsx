// French and English: a dictionary per language, the choice remembered (localStorage), <html lang> kept.
import { createContext, ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { en, MessageKey } from "./en";
import { fr } from "./fr";
import { interpolate } from "./interpolate";

export type Lang = "fr" | "en";
const dictionaries: Record<Lang, Record<MessageKey, string>> = { fr, en };

export interface I18n {
  lang: Lang;
  locale: string;
  setLang: (lang: Lang) => void;
  t: (key: MessageKey, values?: Record<string, string | number>) => string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLang(): Lang {
  const saved = localStorage.getItem("hs-lang");
  if (saved === "fr" || saved === "en") return saved;
  return navigator.language.toLowerCase().startsWith("fr") ? "fr" : "en";
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const setLang = useCallback((next: Lang) => {
    localStorage.setItem("hs-lang", next);
    setLangState(next);
  }, []);
  const value = useMemo<I18n>(
    () => ({
      lang,
      locale: lang === "fr" ? "fr-FR" : "en-GB",
      setLang,
      t: (key, values) => interpolate(dictionaries[lang][key] ?? en[key] ?? key, values, lang),
    }),
    [lang, setLang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useI18n outside I18nProvider");
  return value;
}

export type { MessageKey };

/** A part of the app with dictionaries of its own (each staff section, in its chunk): its words in
 * the app's language, with the same placeholders and plural forms as `t`. */
export function useDictionary<K extends string>(messages: Record<Lang, Record<K, string>>) {
  const { lang, locale } = useI18n();
  const dict = messages[lang];
  return { lang, locale, translate: (key: K, values?: Record<string, string | number>) => interpolate(dict[key], values, lang) };
}
