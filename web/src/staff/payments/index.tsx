import type { SectionProps } from "../section";
import { PaymentDetail } from "./PaymentDetail";
import { PaymentsSearch } from "./PaymentsSearch";
import { FraudSignals } from "./FraudSignals";

/** /staff/payments (search, fraud signals) and /staff/payments/<id> (detail, timeline, refunds). */
export default function PaymentsSection({ parts, query }: SectionProps) {
  if (parts[0]) return <PaymentDetail paymentId={parts[0]} />;
  return (
    <>
      <PaymentsSearch query={query} />
      <FraudSignals />
    </>
  );
}
