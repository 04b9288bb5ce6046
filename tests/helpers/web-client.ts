// A cookie-keeping HTTP client for page tests: what a browser does, minus the rendering.
export class WebClient {
  readonly cookies = new Map<string, string>();
  /** `headers` go with every request (e.g. the X-Forwarded-For a proxy in front would add). */
  constructor(readonly base: string, readonly headers: Record<string, string> = {}) {}

  #store(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const [name, value] = pair.split("=");
      const expired = attrs.some((a) => /max-age=0\b/i.test(a.trim()) || /expires=thu, 01 jan 1970/i.test(a.trim()));
      if (expired || value === "") this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value);
    }
  }

  #cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  async get(path: string): Promise<{ status: number; location: string | null; html: string }> {
    const res = await fetch(new URL(path, this.base), {
      headers: { ...this.headers, cookie: this.#cookieHeader() },
      redirect: "manual",
    });
    this.#store(res);
    return { status: res.status, location: res.headers.get("location"), html: await res.text() };
  }

  /** Posts a form the way a same-site browser does: with its CSRF token and Origin. */
  async post(
    path: string,
    fields: Record<string, string | string[]>,
    options: { csrf?: boolean; origin?: string } = {},
  ) {
    if (!this.cookies.has("leadly-csrf")) await this.get("/login");
    const body = new URLSearchParams();
    if (options.csrf !== false) body.set("_csrf", this.cookies.get("leadly-csrf")!);
    for (const [key, value] of Object.entries(fields)) {
      for (const v of [value].flat()) body.append(key, v);
    }
    const res = await fetch(new URL(path, this.base), {
      method: "POST",
      body,
      redirect: "manual",
      headers: { ...this.headers, cookie: this.#cookieHeader(), origin: options.origin ?? new URL(this.base).origin },
    });
    this.#store(res);
    return { status: res.status, location: res.headers.get("location"), html: await res.text() };
  }

  async login(email: string, password = "leadly-demo") {
    const res = await this.post("/login", { email, password });
    if (res.status !== 303) throw new Error(`login as ${email} failed with ${res.status}`);
    return res;
  }
}
