// Pure logic of the categories tree (unit-tested in web/test/staff-catalog.test.mjs).

export interface Category {
  id: string;
  name: string;
  slug: string;
  kind: "genre" | "collection";
  parentId?: string | null;
  filmCount?: number;
}

export interface CategoryNode extends Category {
  depth: number;
  children: CategoryNode[];
}

const norm = (id: string | null | undefined) => (id ? id.toLowerCase() : undefined);

/** Nests the flat list by parentId (ids compared case-insensitively; an unknown parent makes a root),
 * children sorted by name. A cycle in the data cannot loop: each category is placed once. */
export function buildTree(items: Category[]): CategoryNode[] {
  const byId = new Map<string, CategoryNode>();
  for (const c of items) byId.set(norm(c.id)!, { ...c, depth: 0, children: [] });
  const roots: CategoryNode[] = [];
  for (const node of byId.values()) {
    const parent = norm(node.parentId);
    const p = parent && parent !== norm(node.id) ? byId.get(parent) : undefined;
    if (p && !isAncestor(byId, node, p)) p.children.push(node);
    else roots.push(node);
  }
  const sort = (list: CategoryNode[], depth: number) => {
    list.sort((a, b) => a.name.localeCompare(b.name));
    for (const n of list) {
      n.depth = depth;
      sort(n.children, depth + 1);
    }
  };
  sort(roots, 0);
  return roots;
}

function isAncestor(byId: Map<string, CategoryNode>, node: CategoryNode, of: CategoryNode): boolean {
  let cur: CategoryNode | undefined = of;
  const seen = new Set<string>();
  while (cur) {
    const key = norm(cur.id)!;
    if (key === norm(node.id)) return true;
    if (seen.has(key)) return false;
    seen.add(key);
    const parent = norm(cur.parentId);
    cur = parent ? byId.get(parent) : undefined;
  }
  return false;
}

/** Depth-first order (for selects: "— Child"). */
export function flatten(nodes: CategoryNode[]): CategoryNode[] {
  return nodes.flatMap((n) => [n, ...flatten(n.children)]);
}

/** The ids of a node and everything under it: not valid new parents for it. */
export function subtreeIds(node: CategoryNode): Set<string> {
  return new Set(flatten([node]).map((n) => norm(n.id)!));
}

export const sameId = (a: string | null | undefined, b: string | null | undefined) => norm(a) === norm(b);
