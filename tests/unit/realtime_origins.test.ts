// Which page origins may open the socket: PUBLIC_URL's, and on a loopback PUBLIC_URL the same server's other
// loopback names (localhost, 127.0.0.1, [::1]) on the same scheme and port; nothing else.
import { assertEquals } from "../helpers/assert.ts";
import { allowedOrigins } from "../../realtime/auth.ts";

Deno.test("a loopback PUBLIC_URL also accepts 127.0.0.1 and [::1] on its port", () => {
  assertEquals(allowedOrigins("http://localhost:8000"), [
    "http://localhost:8000",
    "http://127.0.0.1:8000",
    "http://[::1]:8000",
  ]);
  assertEquals(allowedOrigins("http://127.0.0.1:8000/"), allowedOrigins("http://localhost:8000"));
});

Deno.test("other ports, hosts and schemes stay refused", () => {
  const loopback = allowedOrigins("http://localhost:8000");
  for (
    const origin of ["http://127.0.0.1:8001", "https://127.0.0.1:8000", "http://127.0.0.2:8000", "http://evil.test"]
  ) {
    assertEquals(loopback.includes(origin), false, origin);
  }
});

Deno.test("a real domain is its one origin", () => {
  assertEquals(allowedOrigins("https://crm.example.com"), ["https://crm.example.com"]);
  assertEquals(allowedOrigins("https://localhost.example.com"), ["https://localhost.example.com"]);
});
