import { lazy, Suspense } from "react";
import { isStaff, useSession } from "./session";
import type { PageProps } from "./routes";
import { PageSkeleton } from "../components/Skeleton";
import { useI18n } from "../i18n/i18n";

// The staff area proper is another chunk, requested only once the signed-in user has a staff role:
// a moviegoer's browser never downloads it (nor Chart.js, which only the staff area imports).
const StaffApp = lazy(() => import("../staff/StaffApp"));

export default function StaffGate(props: PageProps) {
  const { t } = useI18n();
  const { user } = useSession();
  if (!isStaff(user)) {
    return (
      <div className="page narrow">
        <h1>{t("staff.forbiddenTitle")}</h1>
        <p>{t("staff.forbidden")}</p>
      </div>
    );
  }
  return (
    <Suspense fallback={<PageSkeleton />}>
      <StaffApp {...props} />
    </Suspense>
  );
}
