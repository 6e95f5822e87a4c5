export function PageSkeleton() {
  return (
    <div className="page" aria-busy="true">
      <div className="skeleton skeleton-title" />
      <div className="skeleton skeleton-line" />
      <div className="skeleton skeleton-line short" />
    </div>
  );
}

/** Placeholder cards with the same size as film cards (no layout shift when they arrive). */
export function CardsSkeleton({ count = 8 }: { count?: number }) {
  return (
    <ul className="film-grid" aria-hidden="true">
      {Array.from({ length: count }, (_, i) => (
        <li key={i} className="film-card">
          <div className="poster skeleton" />
          <div className="skeleton skeleton-line" />
        </li>
      ))}
    </ul>
  );
}
