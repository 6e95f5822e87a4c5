import type { Query } from "../app/router";

/** What StaffApp passes to a section: the path parts after /staff/<section>/ and the query. */
export interface SectionProps {
  parts: string[];
  query: Query;
}
