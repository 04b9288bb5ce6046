// A JSON API client signed in with a Bearer token from /auth/v1, as an external integration would be.
export class ApiClient {
  constructor(readonly base: string, readonly token: string) {}

  static async signIn(base: string, email: string, password = "leadly-demo"): Promise<ApiClient> {
    const res = await fetch(`${base}/auth/v1/token?grant_type=password`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password }),
    });
    const body = await res.json();
    if (!res.ok) throw new Error(`sign-in as ${email} failed: ${body.msg}`);
    return new ApiClient(base, body.access_token);
  }

  async request(method: string, path: string, body?: unknown) {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await res.text();
    // deno-lint-ignore no-explicit-any
    return { status: res.status, json: text ? JSON.parse(text) as any : null };
  }

  get = (path: string) => this.request("GET", path);
  post = (path: string, body?: unknown) => this.request("POST", path, body ?? {});
  patch = (path: string, body: unknown) => this.request("PATCH", path, body);
  delete = (path: string) => this.request("DELETE", path);
}
