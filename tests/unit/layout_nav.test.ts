// Every page is reachable: the phone's "More" sheet lists all the sidebar has (plus Notifications), no link leads
// to a page that does not exist, and the command palette has a "Go to" for every module the workspace has on.
import { assertEquals } from "../helpers/assert.ts";
import { bottomNavItems, moreNavItems, visibleNavItems } from "../../components/layout/nav.ts";
import { commandsFor, filterCommands } from "../../lib/palette/model.ts";

Deno.test("the More sheet holds every destination of the sidebar, plus Notifications", () => {
  const more = moreNavItems().map((item) => item.href);
  for (const item of visibleNavItems()) assertEquals(more.includes(item.href), true, item.href);
  assertEquals(more.includes("/notifications"), true);
  assertEquals(more.includes("/reports"), true, "Reports (with its dashboards) is in More too");
  assertEquals(bottomNavItems(["leads", "notes"]).map((item) => item.label), ["Home", "Leads", "Notes"]);
  assertEquals(moreNavItems(["notes"]).map((item) => item.label), [
    "Home",
    "Notes",
    "Reports",
    "Notifications",
    "Settings",
  ]);
});

Deno.test("the palette has a Go to for every module, and only for modules that are on", () => {
  const goTo = (modules?: string[]) => filterCommands("go to", commandsFor(modules)).map((command) => command.href);
  const modules = visibleNavItems().filter((item) => item.group !== "settings");
  for (const item of modules) assertEquals(goTo().includes(item.href), true, item.href);
  assertEquals(goTo().includes("/notifications"), true);
  assertEquals(commandsFor().some((command) => command.href === "/settings"), true);
  assertEquals(goTo(["contacts"]).includes("/leads"), false);
  assertEquals(goTo(["contacts"]).includes("/contacts"), true);
});
