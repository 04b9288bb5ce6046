// The two halves of Insights, as link tabs: dashboards (the managers' home) and the saved reports.
import { Tabs } from "../ui/Tabs.tsx";

export function InsightsTabs({ current }: { current: "/reports/dashboards" | "/reports" }) {
  return (
    <Tabs
      label="Insights"
      current={current}
      items={[{ href: "/reports/dashboards", label: "Dashboards" }, { href: "/reports", label: "Reports" }]}
    />
  );
}
