// The seat map and the checkout: one chunk (see discover.ts).
export { default as SeatsPage } from "../seats/SeatsPage";
export { default as CheckoutPage } from "../checkout/CheckoutPage";
export { default as PaymentReturnPage } from "../checkout/PaymentReturnPage";
