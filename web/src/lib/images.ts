// srcset from the film's image sizes (TMDB names: w92, w185, w342, w500, w780, w1280, original).
import type { ImageSizes } from "../api/types";

export interface ImageSources {
  src: string;
  srcSet: string;
}

export function imageSources(sizes: ImageSizes | undefined, preferred = 342): ImageSources | null {
  if (!sizes) return null;
  const widths = Object.entries(sizes)
    .map(([name, url]) => ({ width: Number(name.replace(/^w/, "")), url }))
    .filter((e) => Number.isFinite(e.width) && e.width > 0)
    .sort((a, b) => a.width - b.width);
  if (widths.length === 0) {
    const any = sizes.original ?? Object.values(sizes)[0];
    return any ? { src: any, srcSet: "" } : null;
  }
  const fallback = widths.find((e) => e.width >= preferred) ?? widths[widths.length - 1];
  return { src: fallback.url, srcSet: widths.map((e) => `${e.url} ${e.width}w`).join(", ") };
}
