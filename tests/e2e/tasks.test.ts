// Tasks in a browser: create a weekly Mon+Wed task with the repeat picker, complete it and see the next
// occurrence at once (undo and redo), bulk-complete two tasks, keyboard selection, the calendar; and
// screenshots of the list, the form and the calendar on a desktop and a phone.
import { assert, assertEquals } from "../helpers/assert.ts";
import {
  assertNoSidewaysScroll,
  BROWSER_TEST,
  launchBrowser,
  type Page,
  PHONE,
  screenshot,
  signInWithCookies,
} from "../helpers/browser.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { addDays, dayKey, relativeDay } from "../../lib/tasks/client/dates.ts";

const today = dayKey(new Date(), "UTC");
/** The first Monday after today, and the Wednesday after it. */
const monday = (() => {
  let day = addDays(today, 1);
  while (new Date(`${day}T00:00:00Z`).getUTCDay() !== 1) day = addDays(day, 1);
  return day;
})();
const wednesday = addDays(monday, 2);

async function listReady(page: Page) {
  await page.locator('.task-list[data-hydrated="true"][aria-busy="false"]').waitFor();
}

function row(page: Page, title: string) {
  return page.locator(".task-row", { has: page.locator(".task-title", { hasText: title }) });
}

Deno.test("tasks: repeat picker, complete with next occurrence, bulk, calendar", BROWSER_TEST, async (t) => {
  const server = await startTestServer({ seed: true });
  const carol = await ApiClient.signIn(server.url, "carol@acme.test");
  const carolId = (await carol.get("/auth/v1/user")).json.id;
  for (
    const [title, due] of [["Bulk one", today], ["Bulk two", addDays(today, 1)], ["Calendar check", addDays(today, 2)]]
  ) {
    const res = await carol.post("/api/v1/tasks", { title, due_at: due, assignee_id: carolId, priority: "high" });
    assertEquals(res.status, 201);
  }
  const browser = await launchBrowser();
  const page = await browser.newPage({ baseURL: server.url });
  try {
    await browser.step(t, "the weekly repeat day follows the due date until a day is picked", async () => {
      await signInWithCookies(page, server.url, "carol@acme.test");
      await page.goto("/tasks/new");
      await page.locator('.repeat-picker[data-hydrated="true"]').waitFor();
      await page.getByLabel("Repeat", { exact: true }).selectOption("weekly");
      const picker = page.getByRole("group", { name: "On these days" });
      const ticked = async () => {
        const days: string[] = [];
        for (const day of ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]) {
          if (await picker.getByRole("checkbox", { name: day, exact: true }).isChecked()) days.push(day);
        }
        return days;
      };
      await page.getByLabel("Date", { exact: true }).fill(addDays(monday, 3));
      await page.locator(".repeat-picker").getByText("Every week on Thu").waitFor();
      await page.getByLabel("Date", { exact: true }).fill(addDays(monday, 4));
      await page.locator(".repeat-picker").getByText("Every week on Fri").waitFor();
      await picker.getByText("Tue", { exact: true }).click();
      await page.getByLabel("Date", { exact: true }).fill(monday);
      await page.locator(".repeat-picker").getByText("Every week on Tue, Fri").waitFor();
      assertEquals(await ticked(), ["Tue", "Fri"], "picked days stay when the date moves");
    });

    await browser.step(t, "the form builds a weekly Mon+Wed rule with a live description", async () => {
      await page.goto("/tasks/new");
      await page.locator('.repeat-picker[data-hydrated="true"]').waitFor();
      await page.getByLabel("Title").fill("Weekly pipeline review");
      await page.getByLabel("Date", { exact: true }).fill(monday);
      await page.getByLabel("Time", { exact: true }).fill("09:00");

      await page.getByLabel("Repeat", { exact: true }).selectOption("custom");
      await page.getByLabel("Custom repeat rule (RRULE)").fill("FREQ=HOURLY");
      await page.getByText("Tasks can repeat at most once a day.").waitFor();

      await page.getByLabel("Repeat", { exact: true }).selectOption("weekly");
      const picker = page.getByRole("group", { name: "On these days" });
      for (const day of ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]) {
        const box = picker.getByRole("checkbox", { name: day, exact: true });
        if ((await box.isChecked()) !== (day === "Mon" || day === "Wed")) {
          await picker.getByText(day, { exact: true }).click();
        }
      }
      await page.locator(".repeat-picker").getByText("Every week on Mon, Wed").waitFor();
      await screenshot(page, "tasks-form-desktop");
      await page.getByRole("button", { name: "Create task" }).click();
      await page.waitForURL(/\/tasks\/[0-9a-f-]{36}$/);
      await page.getByText("Every week on Mon, Wed").first().waitFor();
    });

    await browser.step(t, "completing it shows the next occurrence at once; undo and redo", async () => {
      await page.goto("/tasks");
      await listReady(page);
      const first = row(page, "Weekly pipeline review");
      assertEquals(await first.count(), 1);
      await first.getByRole("checkbox", { name: "Complete “Weekly pipeline review”" }).click();
      await page.getByRole("status").getByText(/Completed “Weekly pipeline review”/).waitFor();
      await row(page, "Weekly pipeline review").nth(1).waitFor();
      const rows = row(page, "Weekly pipeline review");
      assertEquals(await rows.count(), 2);
      assertEquals(await rows.nth(0).getByRole("checkbox", { name: /Reopen/ }).getAttribute("aria-checked"), "true");
      const nextDue = (await rows.nth(1).locator(".task-due").innerText()).trim();
      assertEquals(nextDue, `${relativeDay(wednesday, today)} 09:00`);
      assertEquals(await rows.nth(1).locator(".task-repeat").getAttribute("title"), "Every week on Mon, Wed");

      await page.getByRole("button", { name: "Undo" }).click();
      await page.waitForFunction(() => document.querySelectorAll(".task-row").length > 0);
      await page.locator(".task-row", { hasText: "Weekly pipeline review" }).nth(1).waitFor({ state: "detached" });
      assertEquals(
        await row(page, "Weekly pipeline review").locator(".task-check").getAttribute("aria-checked"),
        "false",
      );

      await row(page, "Weekly pipeline review").getByRole("checkbox", { name: /^Complete/ }).click();
      await row(page, "Weekly pipeline review").nth(1).waitFor();
      await page.reload();
      await listReady(page);
      // after a reload the done one is gone from My tasks; the next one stays
      assertEquals(await row(page, "Weekly pipeline review").count(), 1);
      assertEquals(
        (await row(page, "Weekly pipeline review").locator(".task-due").innerText()).trim(),
        `${relativeDay(wednesday, today)} 09:00`,
      );
    });

    await browser.step(t, "bulk-complete two tasks; the keyboard selects and moves", async () => {
      await page.locator(".task-row").first().click({ position: { x: 5, y: 5 } });
      await page.keyboard.press("j");
      await page.keyboard.press("k");
      await page.keyboard.press("x");
      await page.getByText("1 selected").waitFor();
      await page.getByRole("button", { name: "Clear" }).click();

      await page.getByRole("checkbox", { name: "Select “Bulk one”" }).check();
      await page.getByRole("checkbox", { name: "Select “Bulk two”" }).check();
      await page.getByText("2 selected").waitFor();
      await screenshot(page, "tasks-list-desktop");
      await page.getByRole("region", { name: "Bulk actions" }).getByRole("button", { name: "Complete" }).click();
      await page.getByRole("status").getByText("Completed 2 tasks.").waitFor();
      for (const title of ["Bulk one", "Bulk two"]) {
        assertEquals(await row(page, title).locator(".task-check").getAttribute("aria-checked"), "true");
      }
      const api = await carol.get("/api/v1/tasks?view=my");
      assert(!api.json.data.some((t: { title: string }) => t.title.startsWith("Bulk")), "both done on the server");
    });

    await browser.step(t, "the calendar shows tasks on their day; a day links to a new task", async () => {
      await page.goto(`/tasks?view=calendar&date=${addDays(today, 2)}`);
      await page.locator('.task-calendar[data-hydrated="true"]').waitFor();
      const day = page.locator(`.cal-day[data-date="${addDays(today, 2)}"]`);
      await day.getByText("Calendar check").waitFor();
      const wed = page.locator(`.cal-day[data-date="${wednesday}"]`);
      if (await wed.count()) await wed.getByText("Weekly pipeline review").waitFor();
      await screenshot(page, "tasks-calendar-desktop");
      await page.getByRole("link", { name: "Week", exact: true }).click();
      await page.waitForURL(/mode=week/);
      await page.locator(`.cal-day[data-date="${addDays(today, 2)}"]`).getByText("Calendar check").waitFor();
      await screenshot(page, "tasks-calendar-week-desktop");
      // the week after: the repeating task's next Monday, as an upcoming occurrence (not a task yet)
      const nextMonday = addDays(monday, 7);
      await page.goto(`/tasks?view=calendar&mode=week&date=${nextMonday}`);
      await page.locator('.task-calendar[data-hydrated="true"]').waitFor();
      const upcoming = page.locator(`.cal-day[data-date="${nextMonday}"] .cal-task.is-upcoming`, {
        hasText: "Weekly pipeline review",
      });
      await upcoming.waitFor();
      assertEquals(await upcoming.getAttribute("draggable"), "false");
      await screenshot(page, "tasks-calendar-upcoming-desktop");
      await page.goto(`/tasks?view=calendar&mode=week&date=${addDays(today, 2)}`);
      await page.locator('.task-calendar[data-hydrated="true"]').waitFor();
      await page.locator(`.cal-day[data-date="${addDays(today, 2)}"] .cal-add`).click();
      await page.waitForURL(/\/tasks\/new\?due=/);
      assertEquals(await page.getByLabel("Date", { exact: true }).inputValue(), addDays(today, 2));
    });

    await browser.step(t, "phone layout: list, form and calendar", async () => {
      const phone = await browser.newPage({ ...PHONE, baseURL: server.url });
      await signInWithCookies(phone, server.url, "carol@acme.test");
      await phone.goto("/tasks");
      await listReady(phone);
      await assertNoSidewaysScroll(phone, 390);
      await screenshot(phone, "tasks-list-phone");
      await phone.goto("/tasks/new");
      await phone.locator('.repeat-picker[data-hydrated="true"]').waitFor();
      await phone.getByLabel("Repeat", { exact: true }).selectOption("weekly");
      await phone.locator(".repeat-picker").scrollIntoViewIfNeeded();
      await assertNoSidewaysScroll(phone, 390);
      await screenshot(phone, "tasks-form-phone");
      await phone.goto("/tasks?view=calendar");
      await phone.locator('.task-calendar[data-hydrated="true"]').waitFor();
      await assertNoSidewaysScroll(phone, 390);
      await screenshot(phone, "tasks-calendar-phone");
    });
  } finally {
    await browser.close();
    await server.close();
  }
});
