// Pure helpers of the film editor's cast, trailer and formats fields (unit-tested in
// web/test/staff-catalog.test.mjs).

export interface CastLine {
  personId?: number;
  name: string;
  character?: string;
  order: number;
}

export interface TrailerLink {
  site: string;
  key: string;
  name: string;
  language: string;
}

/** The projection formats the catalog accepts (PATCH /films/{id} refuses others). The versions VF,
 * VO and VOSTFR are chosen per screening (scheduling); a film's languages make them possible. */
export const knownFormats = ["2D", "3D", "IMAX", "4DX", "ScreenX", "Dolby Atmos", "Dolby Cinema", "70mm"] as const;

/** The versions a film's audio and subtitle languages allow: VF (French audio), VO (original-language
 * or any non-French audio), VOSTFR (VO with French subtitles). */
export function possibleVersions(audio: string[], subtitles: string[], originalLanguage?: string): string[] {
  const a = audio.map((x) => x.toLowerCase());
  const vo = a.some((x) => x !== "fr") || (!!originalLanguage && originalLanguage.toLowerCase() !== "fr" && a.includes(originalLanguage.toLowerCase()));
  const out: string[] = [];
  if (a.includes("fr")) out.push("VF");
  if (vo) out.push("VO");
  if (vo && subtitles.map((x) => x.toLowerCase()).includes("fr")) out.push("VOSTFR");
  return out;
}

/** "Name — Character" per line (also "Name - Character" or "Name: Character"). */
export function castText(cast: { name: string; character?: string }[] | undefined): string {
  return (cast ?? []).map((c) => (c.character ? `${c.name} — ${c.character}` : c.name)).join("\n");
}

/** The lines back to cast members, in order; a known name keeps its TMDB person id. */
export function parseCast(text: string, previous: { name: string; personId?: number }[] = []): CastLine[] {
  const ids = new Map(previous.map((p) => [p.name.trim().toLowerCase(), p.personId]));
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line, order) => {
      const m = /^(.*?)\s+(?:—|–|-|:)\s+(.*)$/.exec(line) ?? /^(.*?):\s*(.*)$/.exec(line);
      const name = (m ? m[1] : line).trim();
      const character = m ? m[2].trim() : "";
      const personId = ids.get(name.toLowerCase());
      return { name, ...(character ? { character } : {}), ...(personId !== undefined ? { personId } : {}), order };
    });
}

/** A YouTube or Vimeo address → the trailer the catalog stores (site + key); null otherwise. */
export function trailerFromUrl(url: string, name = "Trailer", language = "fr"): TrailerLink | null {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return null;
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") return null;
  const host = u.hostname.replace(/^www\.|^m\./, "");
  let key: string | null = null;
  let site = "YouTube";
  if (host === "youtube.com" || host === "youtube-nocookie.com") {
    key = u.searchParams.get("v") ?? (/^\/(?:embed|shorts)\/([\w-]+)/.exec(u.pathname)?.[1] ?? null);
  } else if (host === "youtu.be") {
    key = /^\/([\w-]+)/.exec(u.pathname)?.[1] ?? null;
  } else if (host === "vimeo.com" || host === "player.vimeo.com") {
    site = "Vimeo";
    key = /\/(\d+)(?:\/|$)/.exec(u.pathname)?.[1] ?? null;
  }
  return key && /^[\w-]{1,64}$/.test(key) ? { site, key, name, language } : null;
}

/** The stored trailer back to an address to show and edit. */
export function trailerUrl(t: { site: string; key: string } | undefined): string {
  if (!t) return "";
  if (t.site.toLowerCase() === "vimeo") return `https://vimeo.com/${encodeURIComponent(t.key)}`;
  if (t.site.toLowerCase() === "youtube") return `https://www.youtube.com/watch?v=${encodeURIComponent(t.key)}`;
  return "";
}

/** Checked known formats plus the free ones, without duplicates, known ones first in their order. */
export function mergeFormats(checked: string[], other: string): string[] {
  const known = knownFormats.filter((f) => checked.includes(f));
  const extra = other.split(",").map((s) => s.trim()).filter(Boolean)
    .filter((f) => !knownFormats.some((k) => k.toLowerCase() === f.toLowerCase()));
  return [...known, ...extra.filter((f, i) => extra.findIndex((g) => g.toLowerCase() === f.toLowerCase()) === i)];
}

export function splitFormats(formats: string[] | undefined): { checked: string[]; other: string } {
  const list = formats ?? [];
  const checked = knownFormats.filter((k) => list.some((f) => f.toLowerCase() === k.toLowerCase()));
  const other = list.filter((f) => !knownFormats.some((k) => k.toLowerCase() === f.toLowerCase())).join(", ");
  return { checked: [...checked], other };
}
