/**
 * "Hello {name}" with { name: "Ada" } → "Hello Ada"; unknown placeholders stay as they are.
 * "{n|# film|# films}" picks the singular when n is 1 (and 0 too in French, which says "0 film"),
 * the plural otherwise; "#" stands for the number.
 */
export function interpolate(template: string, values?: Record<string, string | number>, lang: "fr" | "en" = "en"): string {
  if (!values) return template;
  return template
    .replace(/\{(\w+)\|([^|}]*)\|([^}]*)\}/g, (whole, name: string, one: string, other: string) => {
      if (!(name in values)) return whole;
      const n = Number(values[name]);
      const singular = n === 1 || (lang === "fr" && n === 0);
      return (singular ? one : other).replace(/#/g, String(values[name]));
    })
    .replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
