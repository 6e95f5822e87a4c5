import type { SectionProps } from "../section";

// PLACEHOLDER (issue 18, being built): replaced by the section's screens.
export default function PlanningSection(_props: SectionProps) {
  return <p>Not built yet.</p>;
}
