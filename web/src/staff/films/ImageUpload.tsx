import { ChangeEvent, useId, useState } from "react";
import { useToast } from "../../app/toasts";
import { ErrorMessage } from "../../components/ErrorMessage";
import { StaffFilm, uploadImage } from "../api";
import { useStaffT } from "../i18n";

const widthOf = (key: string) => (key === "original" ? Number.MAX_SAFE_INTEGER : Number(key.replace(/^w/, "")) || 0);

/** A file input that PUTs the raw file (progress bar), then shows the srcset variants the catalog made. */
export function ImageUpload({ film, kind, onChange }: { film: StaffFilm; kind: "poster" | "backdrop"; onChange: (f: StaffFilm) => void }) {
  const { st } = useStaffT();
  const toast = useToast();
  const inputId = useId();
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const label = st(kind === "poster" ? "images.poster" : "images.backdrop");
  const jpeg = film.images?.[kind] ?? {};
  const webp = film.images?.[kind === "poster" ? "posterWebp" : "backdropWebp"] ?? {};
  const pick = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = "";
    if (!file) return;
    setError(null);
    setProgress(0);
    try {
      onChange(await uploadImage(film.id, kind, file, setProgress));
      toast(st("images.done", { kind: label }), "success");
    } catch (err) {
      setError(err);
    } finally {
      setProgress(null);
    }
  };
  const srcset = (sizes: Record<string, string>) =>
    Object.entries(sizes).filter(([k]) => k !== "original" && /^w\d+$/.test(k)).map(([k, url]) => `${url} ${widthOf(k)}w`).join(", ");
  const variants = [
    ...Object.entries(webp).map(([k, url]) => ({ key: `webp-${k}`, label: `WebP ${k}`, url, w: widthOf(k) })),
    ...Object.entries(jpeg).map(([k, url]) => ({ key: `jpeg-${k}`, label: `JPEG ${k}`, url, w: widthOf(k) })),
  ].sort((a, b) => a.w - b.w);
  const smallest = Object.entries(jpeg).sort((a, b) => widthOf(a[0]) - widthOf(b[0]))[0]?.[1];
  return (
    <div className="stack" data-kind={kind}>
      <h3 style={{ fontSize: "1.05rem" }}>{label}</h3>
      <div className="field">
        <label htmlFor={inputId}>{st("images.choose", { kind: label.toLowerCase() })}</label>
        <input id={inputId} type="file" accept="image/jpeg,image/png,image/webp" onChange={pick} disabled={progress !== null} />
      </div>
      {progress !== null && (
        <progress max={100} value={Math.round(progress * 100)} aria-label={st("images.progress", { kind: label.toLowerCase() })} style={{ width: "100%" }} />
      )}
      {error ? <ErrorMessage error={error} /> : null}
      {smallest ? (
        <>
          <picture>
            {Object.keys(webp).length > 0 && <source type="image/webp" srcSet={srcset(webp)} sizes="200px" />}
            <img src={smallest} srcSet={srcset(jpeg)} sizes="200px" alt={`${label} — ${film.title}`}
              style={{ width: kind === "poster" ? 150 : 260, height: "auto", borderRadius: 6 }} />
          </picture>
          <ul aria-label={st("images.variants", { kind: label })} className="plain-list" style={{ fontSize: "0.9rem" }}>
            {variants.map((v) => (
              <li key={v.key}><a href={v.url} target="_blank" rel="noreferrer">{v.label}</a></li>
            ))}
          </ul>
        </>
      ) : (
        <p className="muted">{st("images.none")}</p>
      )}
    </div>
  );
}
