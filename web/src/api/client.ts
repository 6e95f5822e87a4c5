// The typed HTTP client of the app (pure: fetch and cookies are injected, so it is unit-tested).
// - The access token lives in memory only.
// - Browser session: the refresh token is the HttpOnly hs_refresh cookie; state-changing calls send
//   X-CSRF-Token = the readable hs_csrf cookie.
// - A 401 refreshes once (POST /api/auth/refresh with {} and the CSRF header; concurrent calls share
//   that refresh) and the call is retried once.
import { ApiProblem, NetworkError, problemFrom } from "./problem";

export type QueryValue = string | number | boolean | undefined | null;
export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  headers?: Record<string, string>;
  idempotencyKey?: string;
  /** "blob" for files (invoice PDF); JSON otherwise. */
  as?: "json" | "blob";
  signal?: AbortSignal;
  /** Do not try a refresh on 401 (the refresh and login calls themselves). */
  noRefresh?: boolean;
}

export interface ClientDeps {
  fetch: typeof fetch;
  readCookie: (name: string) => string | undefined;
  baseUrl?: string;
  /** Told whenever the access token changes (null: signed out or the session ended). */
  onToken?: (token: string | null) => void;
  /** An answer already asked for this GET URL at start (boot.ts), taken once. */
  takeBooted?: (url: string) => Promise<Response> | undefined;
}

export interface TokenPair {
  accessToken: string;
  expiresIn: number;
}

const unsafe = new Set<Method>(["POST", "PUT", "PATCH", "DELETE"]);

export function queryString(query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "") continue;
    params.set(key, String(value));
  }
  const s = params.toString();
  return s ? "?" + s : "";
}

export class ApiClient {
  private token: string | null = null;
  private refreshing: Promise<boolean> | null = null;

  constructor(private readonly deps: ClientDeps) {}

  get accessToken(): string | null {
    return this.token;
  }

  setToken(token: string | null): void {
    if (token === this.token) return;
    this.token = token;
    this.deps.onToken?.(token);
  }

  /** Whether the browser holds a session we may refresh (the readable CSRF cookie comes with it). */
  hasSessionCookie(): boolean {
    return Boolean(this.deps.readCookie("hs_csrf"));
  }

  url(path: string, query?: Record<string, QueryValue>): string {
    return (this.deps.baseUrl ?? "") + path + queryString(query);
  }

  headers(method: Method, options: RequestOptions = {}): Record<string, string> {
    const headers: Record<string, string> = { Accept: "application/json, application/problem+json" };
    if (options.body !== undefined) headers["Content-Type"] = "application/json";
    if (this.token) headers.Authorization = "Bearer " + this.token;
    const csrf = this.deps.readCookie("hs_csrf");
    if (unsafe.has(method) && csrf) headers["X-CSRF-Token"] = csrf;
    if (options.idempotencyKey) headers["Idempotency-Key"] = options.idempotencyKey;
    return { ...headers, ...options.headers };
  }

  async request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
    let response = await this.send(method, path, options);
    if (response.status === 401 && !options.noRefresh && (await this.refresh())) {
      response = await this.send(method, path, options);
    }
    if (!response.ok) throw await problemFrom(response);
    if (response.status === 204) return undefined as T;
    if (options.as === "blob") return (await response.blob()) as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  get<T>(path: string, query?: Record<string, QueryValue>, options: RequestOptions = {}): Promise<T> {
    return this.request<T>("GET", path, { ...options, query });
  }

  post<T>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>("POST", path, { ...options, body });
  }

  put<T>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>("PUT", path, { ...options, body });
  }

  patch<T>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>("PATCH", path, { ...options, body });
  }

  delete<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>("DELETE", path, options);
  }

  private async send(method: Method, path: string, options: RequestOptions): Promise<Response> {
    const url = this.url(path, options.query);
    const booted = method === "GET" ? this.deps.takeBooted?.(url) : undefined;
    if (booted) {
      const answer = await booted.catch(() => null);
      if (answer) return answer;
    }
    try {
      return await this.deps.fetch(url, {
        method,
        headers: this.headers(method, options),
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        credentials: "same-origin",
        signal: options.signal,
      });
    } catch (e) {
      if (e instanceof DOMException && e.name === "AbortError") throw e;
      throw new NetworkError(e);
    }
  }

  /** One refresh at a time; true when a new access token was obtained. */
  refresh(): Promise<boolean> {
    if (!this.hasSessionCookie()) return Promise.resolve(false);
    if (!this.refreshing) {
      this.refreshing = this.doRefresh().finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  private async doRefresh(): Promise<boolean> {
    const previous = this.token;
    this.token = null;
    try {
      const pair = await this.request<TokenPair>("POST", "/api/auth/refresh", { body: {}, noRefresh: true });
      this.setToken(pair.accessToken);
      return true;
    } catch (e) {
      if (e instanceof NetworkError) {
        this.token = previous;
        return false;
      }
      this.setToken(null);
      return false;
    }
  }
}

export { ApiProblem };
