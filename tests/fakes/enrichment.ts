// Fake enrichment providers for tests and the enrich_list bench, one server on port 0 with three prefixes:
//   /hunter   Hunter v2: GET /v2/email-finder, /v2/domain-search, /v2/email-verifier (key: ?api_key=)
//   /apollo   Apollo: POST /api/v1/people/match, GET /api/v1/organizations/enrich (key: x-api-key header)
//   /lookup   Clearbit-style: GET /v2/companies/find?domain= (key: Authorization: Bearer)
// Answers are made up but deterministic, derived from the question (the domain, the name). Each provider has
// a switch: "ok", "429", "500", "hang" (never answers; for timeouts), "malformed" (not JSON), "notfound".
// Every request is recorded, so a test can check what was (and was not) sent to a provider.
// node:http, not Deno.serve: the app's @hono/node-server swaps the global Response, which Deno.serve refuses.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type FakeMode = "ok" | "429" | "500" | "hang" | "malformed" | "notfound";
export type FakeProvider = "hunter" | "apollo" | "lookup";

export interface FakeRequest {
  provider: FakeProvider;
  method: string;
  path: string;
  /** Query parameters and JSON body fields, merged (the api_key removed). */
  params: Record<string, unknown>;
}

export interface FakeEnrichment {
  url: string;
  keys: Record<FakeProvider, string>;
  modes: Record<FakeProvider, FakeMode>;
  requests: FakeRequest[];
  /** The env that points Leadly at this fake. */
  env(): Record<string, string>;
  close(): Promise<void>;
}

const KEYS: Record<FakeProvider, string> = {
  hunter: "hunter-test-key",
  apollo: "apollo-test-key",
  lookup: "lookup-test-key",
};

/** "acme-corp.com" → "Acme Corp". */
function companyName(domain: string) {
  const label = domain.split(".")[0] ?? domain;
  return label.split("-").map((w) => w ? w[0].toUpperCase() + w.slice(1) : w).join(" ");
}

/** A stable small number from text, so answers differ between companies but not between runs. */
function hash(text: string) {
  let h = 0;
  for (const ch of text) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h;
}

const INDUSTRIES = ["Software", "Logistics", "Retail", "Manufacturing", "Financial Services", "Healthcare"];
const TECH = [["Salesforce", "Slack"], ["HubSpot", "Stripe"], ["AWS", "Zendesk"], ["Shopify", "Google Analytics"]];

function company(domain: string) {
  const h = hash(domain);
  return {
    name: companyName(domain),
    domain,
    employees: 20 + (h % 3000),
    industry: INDUSTRIES[h % INDUSTRIES.length],
    city: ["Berlin", "Austin", "Lyon", "Madrid"][h % 4],
    country: ["Germany", "United States", "France", "Spain"][h % 4],
    tech: TECH[h % TECH.length],
    linkedin: `company/${domain.split(".")[0]}`,
    twitter: domain.split(".")[0],
    phone: `+1 555 0${100 + (h % 899)}`,
  };
}

function person(first: string, last: string, domain: string) {
  const h = hash(`${first}${last}${domain}`);
  return {
    email: `${first}.${last}@${domain}`.toLowerCase(),
    title: ["Head of Sales", "CTO", "Marketing Manager", "VP Operations"][h % 4],
    seniority: ["head", "c_suite", "manager", "vp"][h % 4],
    phone: `+1 555 1${100 + (h % 899)}`,
    linkedin: `https://www.linkedin.com/in/${first}-${last}`.toLowerCase(),
  };
}

interface Reply {
  status: number;
  body: string;
}

function json(body: unknown, status = 200): Reply {
  return { status, body: JSON.stringify(body) };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of req) chunks.push(chunk as Uint8Array);
  return new TextDecoder().decode(await new Blob(chunks as BlobPart[]).arrayBuffer());
}

export function startFakeEnrichment(): Promise<FakeEnrichment> {
  const modes: Record<FakeProvider, FakeMode> = { hunter: "ok", apollo: "ok", lookup: "ok" };
  const requests: FakeRequest[] = [];
  const hanging = new Set<() => void>();
  const closed = new AbortController();

  async function handle(req: IncomingMessage): Promise<Reply> {
    const url = new URL(req.url ?? "/", "http://fake");
    const [, prefix, ...rest] = url.pathname.split("/");
    const provider = prefix as FakeProvider;
    if (!(provider in KEYS)) return json({ error: "no such provider" }, 404);
    const path = "/" + rest.join("/");
    const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
    if (req.method === "POST") {
      try {
        Object.assign(params, JSON.parse(await readBody(req)));
      } catch { /* an unreadable body asks for nothing */ }
    }
    const key = provider === "hunter"
      ? params.api_key
      : provider === "apollo"
      ? req.headers["x-api-key"]
      : String(req.headers.authorization ?? "").replace(/^Bearer\s+/i, "");
    delete params.api_key;
    requests.push({ provider, method: req.method ?? "GET", path, params });
    if (key !== KEYS[provider]) return json({ errors: [{ id: "authentication_failed", code: 401 }] }, 401);
    switch (modes[provider]) {
      case "429":
        return json({ errors: [{ id: "too_many_requests", code: 429 }] }, 429);
      case "500":
        return json({ error: "internal" }, 500);
      case "malformed":
        return { status: 200, body: "<html>oops</html>{" };
      case "notfound":
        return json({ error: "not found" }, 404);
      case "hang":
        await new Promise<void>((resolve) => {
          hanging.add(resolve);
          closed.signal.addEventListener("abort", () => resolve());
        });
        return json({});
    }
    return answer(provider, path, params);
  }

  function answer(provider: FakeProvider, path: string, p: Record<string, unknown>): Reply {
    const domain = String(p.domain ?? "").toLowerCase();
    if (provider === "hunter" && path === "/v2/email-finder") {
      if (!domain) return json({ errors: [{ id: "wrong_params", code: 400 }] }, 400);
      const who = person(String(p.first_name ?? "x"), String(p.last_name ?? "x"), domain);
      return json({
        data: {
          first_name: p.first_name,
          last_name: p.last_name,
          email: who.email,
          score: 91,
          domain,
          position: who.title,
          twitter: null,
          linkedin_url: who.linkedin,
          phone_number: null,
          company: companyName(domain),
        },
        meta: { params: p },
      });
    }
    if (provider === "hunter" && path === "/v2/domain-search") {
      const c = company(domain);
      return json({
        data: {
          domain,
          organization: c.name,
          industry: c.industry,
          headcount: c.employees > 1000 ? "1001-5000" : "51-200",
          technologies: c.tech,
          country: null,
          city: null,
          linkedin: `https://www.linkedin.com/${c.linkedin}`,
          twitter: c.twitter,
          emails: [],
        },
        meta: { results: 0 },
      });
    }
    if (provider === "hunter" && path === "/v2/email-verifier") {
      return json({ data: { email: p.email, status: "valid", result: "deliverable", score: 95 } });
    }
    if (provider === "apollo" && path === "/api/v1/people/match") {
      const email = String(p.email ?? "");
      const d = domain || email.split("@")[1] || "";
      if (!d) return json({ person: null });
      const first = String(p.first_name ?? email.split(".")[0] ?? "x");
      const last = String(p.last_name ?? "x");
      const who = person(first, last, d);
      const c = company(d);
      return json({
        person: {
          first_name: first,
          last_name: last,
          title: who.title,
          seniority: who.seniority,
          email: email || who.email,
          email_status: "verified",
          linkedin_url: who.linkedin,
          city: c.city,
          country: c.country,
          phone_numbers: [{ raw_number: who.phone, sanitized_number: who.phone.replace(/\s/g, "") }],
          organization: {
            name: c.name,
            primary_domain: d,
            industry: c.industry,
            estimated_num_employees: c.employees,
            technology_names: c.tech,
          },
        },
      });
    }
    if (provider === "apollo" && path === "/api/v1/organizations/enrich") {
      const c = company(domain);
      return json({
        organization: {
          name: c.name,
          primary_domain: domain,
          industry: c.industry,
          estimated_num_employees: c.employees,
          city: c.city,
          country: c.country,
          technology_names: c.tech,
          primary_phone: { number: c.phone },
          linkedin_url: `http://www.linkedin.com/${c.linkedin}`,
          twitter_url: `https://twitter.com/${c.twitter}`,
        },
      });
    }
    if (provider === "lookup" && path === "/v2/companies/find") {
      if (!domain) return json({ error: { type: "unknown_record" } }, 404);
      const c = company(domain);
      return json({
        name: c.name,
        domain,
        category: { industry: c.industry, sector: "Technology" },
        metrics: { employees: c.employees, employeesRange: "51-250" },
        geo: { city: c.city, country: c.country },
        tech: c.tech,
        phone: c.phone,
        linkedin: { handle: c.linkedin },
        twitter: { handle: c.twitter },
      });
    }
    return json({ error: `no route ${path}` }, 404);
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    handle(req).then((reply) => {
      if (res.destroyed) return;
      res.writeHead(reply.status, { "content-type": "application/json" });
      res.end(reply.body);
    }, () => {
      res.writeHead(500);
      res.end();
    });
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve({
        url,
        keys: KEYS,
        modes,
        requests,
        env: () => ({
          HUNTER_API_KEY: KEYS.hunter,
          HUNTER_BASE_URL: `${url}/hunter`,
          APOLLO_API_KEY: KEYS.apollo,
          APOLLO_BASE_URL: `${url}/apollo`,
          COMPANY_LOOKUP_URL: `${url}/lookup`,
          COMPANY_LOOKUP_KEY: KEYS.lookup,
        }),
        close() {
          for (const release of hanging) release();
          closed.abort();
          server.closeAllConnections();
          return new Promise<void>((done) => server.close(() => done()));
        },
      });
    });
  });
}
