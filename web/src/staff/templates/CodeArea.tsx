import { forwardRef, TextareaHTMLAttributes, useImperativeHandle, useRef } from "react";
import { lineCount, lineStart, PartError } from "./model";

type Props = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "value" | "onChange"> & {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  errors: PartError[];
  lineText: (e: PartError) => string;
  goText: (line: number) => string;
};

export interface CodeAreaHandle {
  goTo: (line: number) => void;
}

/** A textarea with a line-number gutter; an error's line is marked in the gutter and named below,
 * with a button that puts the caret on it. */
export const CodeArea = forwardRef<CodeAreaHandle, Props>(function CodeArea(
  { id, label, value, onChange, errors, lineText, goText, ...rest },
  ref,
) {
  const area = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  const bad = new Set(errors.map((e) => e.line).filter((n): n is number => n !== undefined));
  const goTo = (line: number) => {
    const el = area.current;
    if (!el) return;
    const start = lineStart(value, line);
    const end = value.indexOf("\n", start);
    el.focus();
    el.setSelectionRange(start, end < 0 ? value.length : end);
  };
  useImperativeHandle(ref, () => ({ goTo }));
  const count = Math.max(lineCount(value), 1);
  const errorId = id + "-errors";
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className={"tpl-code" + (errors.length ? " invalid" : "")}>
        <div className="tpl-gutter" ref={gutter} aria-hidden="true">
          {Array.from({ length: count }, (_, i) => (
            <span key={i} className={bad.has(i + 1) ? "tpl-line-error" : undefined}>{i + 1}</span>
          ))}
        </div>
        <textarea
          id={id}
          ref={area}
          value={value}
          wrap="off"
          spellCheck={false}
          aria-invalid={errors.length ? true : undefined}
          aria-describedby={errors.length ? errorId : undefined}
          onChange={(e) => onChange(e.target.value)}
          onScroll={(e) => {
            if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
          }}
          {...rest}
        />
      </div>
      {errors.length > 0 && (
        <ul id={errorId} className="tpl-errors" role="alert">
          {errors.map((e, i) => (
            <li key={i} className="field-error" data-line={e.line}>
              {lineText(e)}{" "}
              {e.line !== undefined && (
                <button type="button" className="link-button" onClick={() => goTo(e.line as number)}>{goText(e.line)}</button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
});
