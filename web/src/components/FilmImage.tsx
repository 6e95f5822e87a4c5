import type { ImageSizes } from "../api/types";
import { imageSources } from "../lib/images";

interface Props {
  sizes?: ImageSizes;
  alt: string;
  kind: "poster" | "backdrop";
  /** The rendered width, for the browser's choice in srcset. */
  widths?: string;
  eager?: boolean;
  className?: string;
  /** Shown in place of a missing image. */
  placeholder?: string;
}

/** A film image: lazy, srcset from the film's sizes, in a box of fixed aspect ratio (no layout shift). */
export function FilmImage({ sizes, alt, kind, widths, eager, className, placeholder }: Props) {
  const sources = imageSources(sizes, kind === "poster" ? 342 : 780);
  return (
    <div className={`image-box ${kind} ${className ?? ""}`}>
      {sources ? (
        <img
          src={sources.src}
          srcSet={sources.srcSet || undefined}
          sizes={widths ?? (kind === "poster" ? "(max-width: 600px) 45vw, 220px" : "100vw")}
          alt={alt}
          loading={eager ? "eager" : "lazy"}
          decoding="async"
          {...(eager ? { fetchpriority: "high" } : {})}
        />
      ) : (
        <span className="image-missing" aria-hidden="true">{placeholder ?? ""}</span>
      )}
    </div>
  );
}
