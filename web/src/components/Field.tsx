import { InputHTMLAttributes, useId } from "react";

type Props = InputHTMLAttributes<HTMLInputElement> & { label: string; error?: string; hint?: string };

/** A labelled input with its hint and error tied by aria-describedby. */
export function Field({ label, error, hint, ...input }: Props) {
  const id = useId();
  const described = [hint ? id + "-hint" : "", error ? id + "-error" : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={described} {...input} />
      {hint && <small id={id + "-hint"} className="hint">{hint}</small>}
      {error && <small id={id + "-error"} className="field-error">{error}</small>}
    </div>
  );
}
