/** "Hello {name}" with { name: "Ada" } → "Hello Ada"; unknown placeholders stay as they are. */
export function interpolate(template: string, values?: Record<string, string | number>): string {
  if (!values) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
