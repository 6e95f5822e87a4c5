// Tickets and their QR codes (qrcode-generator comes with this chunk only).
export { default as BookingPage } from "../tickets/BookingPage";
export { default as TicketsPage } from "../tickets/TicketsPage";
