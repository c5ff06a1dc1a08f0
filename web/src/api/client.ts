// The one HTTP client: openapi-fetch over the generated `paths`, so every call is typed from the
// backend's OpenAPI document. Errors become ApiError with the server's readable `detail`.
import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./gen/schema";

export type Schemas = components["schemas"];

export class ApiError extends Error {
  readonly status: number;
  readonly field?: string;
  constructor(status: number, detail: string, field?: string) {
    super(detail);
    this.name = "ApiError";
    this.status = status;
    this.field = field;
  }
}

type Listener = (status: 401 | 423) => void;
const listeners = new Set<Listener>();

/** Subscribe to "the session is gone" (401) and "the system is locked" (423) answers. */
export function onAuthProblem(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

// A wrong password answers 401 here too: that is the form's error, not a lost session.
const QUIET_401 = ["/api/auth/login", "/api/system/unlock", "/api/auth/me", "/api/system/master-password"];

// A 401 for a request sent before the latest sign-in is stale news: ignore it.
let sessionEpoch = 0;
const sentInEpoch = new WeakMap<Request, number>();
export function newSession(): void {
  sessionEpoch += 1;
}

const authWatch: Middleware = {
  onRequest({ request }) {
    sentInEpoch.set(request, sessionEpoch);
    return request;
  },
  onResponse({ request, response }) {
    const path = new URL(request.url, window.location.origin).pathname;
    const current = sentInEpoch.get(request) === sessionEpoch;
    if (response.status === 401 && current && !QUIET_401.includes(path)) listeners.forEach((l) => l(401));
    if (response.status === 423) listeners.forEach((l) => l(423));
    return response;
  },
};

export const api = createClient<paths>({
  baseUrl: typeof window === "undefined" ? "http://localhost" : window.location.origin,
  credentials: "same-origin",
});
api.use(authWatch);

function detailOf(error: unknown, status: number): { detail: string; field?: string } {
  if (error && typeof error === "object" && "detail" in error) {
    const e = error as { detail: unknown; field?: unknown };
    const detail = typeof e.detail === "string" ? e.detail : JSON.stringify(e.detail);
    return { detail, field: typeof e.field === "string" ? e.field : undefined };
  }
  if (typeof error === "string" && error) return { detail: error };
  return { detail: `request failed (HTTP ${status})` };
}

/** Return `data` of an openapi-fetch result or throw an ApiError carrying `detail`. */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch (exc) {
    throw new ApiError(0, `cannot reach the Sluice server (${(exc as Error).message})`);
  }
  const { data, error, response } = result;
  if (!response.ok) {
    const { detail, field } = detailOf(error, response.status);
    throw new ApiError(response.status, detail, field);
  }
  return data as T;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
