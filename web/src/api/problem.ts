// RFC 9457 problem details as the services answer them, and the error the API client throws.

export interface FieldError {
  field: string;
  message: string;
}

export interface ProblemBody {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  code?: string;
  errors?: FieldError[];
}

export class ApiProblem extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail?: string;
  readonly code?: string;
  readonly errors: FieldError[];
  readonly retryAfter?: number;

  constructor(body: ProblemBody, retryAfter?: number) {
    super(body.detail ?? body.title);
    this.name = "ApiProblem";
    this.status = body.status;
    this.title = body.title;
    this.detail = body.detail;
    this.code = body.code;
    this.errors = body.errors ?? [];
    this.retryAfter = retryAfter;
  }

  /** The message of one field (for forms), if the API named it. */
  fieldMessage(field: string): string | undefined {
    return this.errors.find((e) => e.field === field || e.field.endsWith("." + field))?.message;
  }
}

/** A network failure (offline, DNS, connection refused): no answer at all. */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : "network error");
    this.name = "NetworkError";
  }
}

export function isProblem(e: unknown, code?: string): e is ApiProblem {
  return e instanceof ApiProblem && (code === undefined || e.code === code);
}

/** Turns any non-2xx answer into a problem, whether or not its body is problem+json. */
export async function problemFrom(response: Response): Promise<ApiProblem> {
  const retryAfter = Number(response.headers.get("Retry-After") ?? "") || undefined;
  const type = response.headers.get("Content-Type") ?? "";
  if (type.includes("json")) {
    try {
      const body = (await response.json()) as Partial<ProblemBody>;
      return new ApiProblem({ title: response.statusText || "Error", ...body, status: response.status }, retryAfter);
    } catch {
      /* fall through */
    }
  }
  return new ApiProblem({ title: response.statusText || "Error", status: response.status }, retryAfter);
}
