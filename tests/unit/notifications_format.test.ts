// Small helpers of the bell, inbox and digest: relative times, badge text, safe links, and the digest email.
import { assert, assertEquals } from "../helpers/assert.ts";
import { badgeText, markFor, safePath, timeAgo } from "../../lib/notifications/format.ts";
import { digestMail } from "../../lib/notifications/digest.ts";
import { vapidSubject } from "../../lib/notifications/push.ts";

Deno.test("timeAgo reads like a person would say it", () => {
  const now = new Date("2026-05-10T12:00:00Z");
  assertEquals(timeAgo("2026-05-10T11:59:40Z", now), "just now");
  assertEquals(timeAgo("2026-05-10T11:55:00Z", now), "5 min ago");
  assertEquals(timeAgo("2026-05-10T09:00:00Z", now), "3 h ago");
  assertEquals(timeAgo("2026-05-08T12:00:00Z", now), "2 d ago");
  assertEquals(timeAgo("2026-04-01T12:00:00Z", now), "1 Apr 2026");
  assertEquals(timeAgo("not a date", now), "");
});

Deno.test("badge text caps at 99+", () => {
  assertEquals(badgeText(0), "0");
  assertEquals(badgeText(7), "7");
  assertEquals(badgeText(99), "99");
  assertEquals(badgeText(120), "99+");
});

Deno.test("safePath follows only paths inside the app", () => {
  assertEquals(safePath("/deals/1"), "/deals/1");
  assertEquals(safePath("https://evil.test/"), "/notifications");
  assertEquals(safePath("//evil.test/x"), "/notifications");
  assertEquals(safePath("/\\evil.test"), "/notifications");
  assertEquals(safePath(null), "/notifications");
  assertEquals(markFor("unknown").mark, "i");
  assertEquals(markFor("mention").mark, "@");
});

Deno.test("the digest email escapes what people wrote and links through /notifications/<id>", () => {
  const mail = digestMail(
    "bob@acme.test",
    [
      {
        id: "11111111-1111-1111-1111-111111111111",
        team_name: "Acme <Sales>",
        type: "mention",
        title: "Alice mentioned you <script>alert(1)</script>",
        body: 'Look at "this" & that',
        url: "/deals/1",
        created_at: "2026-05-10T12:00:00Z",
      },
    ],
    "https://crm.example/",
    "hourly",
  );
  assertEquals(mail.subject, "1 new notification on Leadly");
  assert(!mail.html.includes("<script>"));
  assert(mail.html.includes("&lt;script&gt;"));
  assert(mail.html.includes("Acme &lt;Sales&gt;"));
  assert(mail.text.includes("https://crm.example/notifications/11111111-1111-1111-1111-111111111111"));
  assert(mail.text.includes("hourly digest"));
});

Deno.test("the VAPID subject is the mail sender", () => {
  assertEquals(vapidSubject("Leadly <no-reply@leadly.local>"), "mailto:no-reply@leadly.local");
  assertEquals(vapidSubject("ops@example.com"), "mailto:ops@example.com");
  assertEquals(vapidSubject("nonsense"), "mailto:no-reply@leadly.local");
});
