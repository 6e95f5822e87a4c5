import "./app/early";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App";
import "./styles/app.css";

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

if ("serviceWorker" in navigator && location.protocol !== "file:") {
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js").catch((e) => console.warn("service worker not registered", e));
  });
}

// Modules every page group shares but the home page does not use: exported here so that esbuild
// puts them in the entry's static graph (loaded with the shell, ~2 KB) instead of chunks that a
// page group can only request after it has loaded (one more round trip before the seat map).
export { paymentsApi } from "./api/payments";
export { Field } from "./components/Field";
export { formatMoney } from "./lib/money";
export { summarize } from "./lib/priceSummary";
