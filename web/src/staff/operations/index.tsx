import { useStaffT } from "../i18n";
import type { SectionProps } from "../section";
import { ParkedPage } from "./ParkedPage";
import { SigningKeys } from "./SigningKeys";

/** /staff/operations: parked messages of every consuming service; the signing keys for super admins. */
export default function OperationsSection(_: SectionProps) {
  const { st } = useStaffT();
  return (
    <>
      <h1>{st("ops.title")}</h1>
      <ParkedPage />
      <SigningKeys />
    </>
  );
}
