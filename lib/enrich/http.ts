// One way to call a provider's HTTP API: `fetch` with a timeout (there is no official Deno client for Hunter,
// Apollo or Clearbit), each failure turned into a ProviderError a person can read. A 404 is "nothing known",
// not a failure: providers answer it for people and domains they have no record of.
import { ProviderError } from "./types.ts";

export interface HttpOptions {
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: unknown;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** The parsed JSON body, or null for 404 (and Clearbit's 202 "lookup queued"). */
export async function providerJson(
  provider: string,
  label: string,
  url: string,
  options: HttpOptions,
): Promise<Record<string, unknown> | null> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await fetch(url, {
      method: options.method ?? "GET",
      headers: {
        accept: "application/json",
        ...(options.body === undefined ? {} : { "content-type": "application/json" }),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal,
    });
  } catch (error) {
    if (timeout.aborted) {
      throw new ProviderError(provider, "timeout", `${label} did not answer within ${options.timeoutMs / 1000} s.`);
    }
    if (options.signal?.aborted) throw error;
    throw new ProviderError(provider, "unavailable", `${label} could not be reached.`);
  }
  if (response.status === 404 || response.status === 202) {
    await response.body?.cancel();
    return null;
  }
  if (response.status === 429) {
    await response.body?.cancel();
    const retry = Number(response.headers.get("retry-after"));
    const after = Number.isFinite(retry) && retry > 0 ? retry : undefined;
    throw new ProviderError(
      provider,
      "rate_limited",
      `${label} is limiting our requests right now (429)${after ? `; try again in ${after} s` : ""}.`,
      after,
    );
  }
  if (response.status === 401 || response.status === 403) {
    await response.body?.cancel();
    throw new ProviderError(provider, "unauthorized", `${label} refused our API key (${response.status}).`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new ProviderError(provider, "unavailable", `${label} failed (${response.status}).`);
  }
  let text: string;
  try {
    text = await response.text();
  } catch {
    if (timeout.aborted) {
      throw new ProviderError(provider, "timeout", `${label} did not answer within ${options.timeoutMs / 1000} s.`);
    }
    throw new ProviderError(provider, "unavailable", `${label} broke off its answer.`);
  }
  try {
    const body = JSON.parse(text);
    if (body && typeof body === "object" && !Array.isArray(body)) return body as Record<string, unknown>;
  } catch { /* reported below */ }
  throw new ProviderError(provider, "malformed", `${label} sent an answer we could not read.`);
}

/** A nested value of unknown JSON, or undefined. */
export function pick(value: unknown, ...path: string[]): unknown {
  let at = value;
  for (const key of path) {
    if (!at || typeof at !== "object") return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

export const text = (value: unknown): string | undefined =>
  typeof value === "string" && value.trim() ? value.trim() : undefined;

export const num = (value: unknown): number | undefined =>
  typeof value === "number" && Number.isFinite(value) ? value : undefined;

export const strings = (value: unknown): string[] | undefined =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === "string" && v.trim() !== "") : undefined;

/** A social profile as a full URL ("company/stripe" → https://www.linkedin.com/company/stripe). */
export function socialUrl(base: string, handleOrUrl: string | undefined): string | undefined {
  if (!handleOrUrl) return undefined;
  if (/^https?:\/\//i.test(handleOrUrl)) return handleOrUrl;
  if (handleOrUrl.includes("/") && handleOrUrl.includes(".")) return `https://${handleOrUrl.replace(/^\/+/, "")}`;
  return `${base}/${handleOrUrl.replace(/^[@/]+/, "")}`;
}
