// The activity timeline column of a record page. Filled in by the activity timeline module.
import { Card } from "../ui/Card.tsx";
import { EmptyState } from "../ui/EmptyState.tsx";

export function RecordActivity(_props: { recordType: string; recordId: string }) {
  return (
    <Card title="Activity">
      <EmptyState
        icon="sparkles"
        title="No activity yet"
        text="Calls, emails, meetings and changes will show up here."
      />
    </Card>
  );
}
