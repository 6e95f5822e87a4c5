// Server-sent events over fetch (EventSource cannot send an Authorization header), reconnecting with
// a growing delay. Returns a function that closes the stream.
import { api } from "../api/instance";
import { SseEvent, SseParser } from "./sseParser";

export interface StreamOptions {
  authenticated?: boolean;
  onEvent: (event: SseEvent) => void;
  onState?: (state: "open" | "retrying") => void;
}

export function openEventStream(path: string, options: StreamOptions): () => void {
  const controller = new AbortController();
  let delay = 500;
  const run = async () => {
    while (!controller.signal.aborted) {
      try {
        await readOnce(path, options, controller.signal, () => {
          delay = 500;
          options.onState?.("open");
        });
      } catch (e) {
        if (controller.signal.aborted) return;
        if (e instanceof Error && e.message === "unauthorized" && !(await api.refresh())) return;
      }
      if (controller.signal.aborted) return;
      options.onState?.("retrying");
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 15000);
    }
  };
  void run();
  return () => controller.abort();
}

async function readOnce(path: string, options: StreamOptions, signal: AbortSignal, opened: () => void) {
  const headers: Record<string, string> = { Accept: "text/event-stream" };
  if (options.authenticated && api.accessToken) headers.Authorization = "Bearer " + api.accessToken;
  const response = await fetch(path, { headers, signal, credentials: "same-origin", cache: "no-store" });
  if (response.status === 401) throw new Error("unauthorized");
  if (!response.ok || !response.body) throw new Error("stream " + response.status);
  opened();
  const parser = new SseParser(options.onEvent);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    parser.push(value);
  }
}
