import qrcode from "qrcode-generator";
import { useMemo } from "react";
import type { Ticket } from "../api/types";

/** What the QR code carries: scheduling's ticket QR payload `HS1.<code>.<signature>` (format documented in
 *  services/scheduling/README.md), which a door scanner checks offline or sends as is to POST /tickets/check
 *  (`payload`). */
export function ticketPayload(ticket: Ticket): string {
  return `HS1.${ticket.code}.${ticket.signature}`;
}

/** The QR code as one SVG path (crisp at any size, no canvas, no inline style). */
export function TicketQr({ ticket, label }: { ticket: Ticket; label: string }) {
  const { path, size } = useMemo(() => {
    const qr = qrcode(0, "M");
    qr.addData(ticketPayload(ticket));
    qr.make();
    const count = qr.getModuleCount();
    let d = "";
    for (let r = 0; r < count; r++) {
      for (let c = 0; c < count; c++) if (qr.isDark(r, c)) d += `M${c + 4} ${r + 4}h1v1h-1z`;
    }
    return { path: d, size: count + 8 };
  }, [ticket]);
  return (
    <svg className="qr" viewBox={`0 0 ${size} ${size}`} role="img" aria-label={label} shapeRendering="crispEdges">
      <rect width={size} height={size} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
