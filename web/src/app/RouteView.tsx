import { Suspense, useEffect, useRef } from "react";
import { PageSkeleton } from "../components/Skeleton";
import { ErrorBoundary } from "./ErrorBoundary";
import { navigate } from "./navigation";
import { resolve } from "./router";
import { routes } from "./routes";
import { useLocation } from "./useLocation";
import { useSession } from "./session";

/** Renders the page of the current URL; moves focus to the main heading after a client navigation. */
export function RouteView() {
  const location = useLocation();
  const { status } = useSession();
  const match = resolve(routes, location.path);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const main = document.getElementById("main");
    main?.focus({ preventScroll: true });
  }, [location.path]);
  const needsSignIn = match?.value.auth && status === "signed-out";
  useEffect(() => {
    if (needsSignIn) navigate("/signin?next=" + encodeURIComponent(location.path + location.search), { replace: true });
  }, [needsSignIn, location.path, location.search]);
  if (!match || needsSignIn || (match.value.auth && status === "loading")) return <PageSkeleton />;
  const Page = match.value.page;
  return (
    <ErrorBoundary key={location.path}>
      <Suspense fallback={<PageSkeleton />}>
        <Page params={match.params} query={location.query} />
      </Suspense>
    </ErrorBoundary>
  );
}
