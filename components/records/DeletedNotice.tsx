// What a deleted record's page shows: a way back (undo) instead of a dead end.
import { Alert } from "../ui/Alert.tsx";
import { Button } from "../ui/Button.tsx";
import { CsrfField } from "../CsrfField.tsx";

export function DeletedNotice({ kind, listHref, csrf }: { kind: string; listHref: string; csrf: string }) {
  return (
    <div class="page stack-lg">
      <Alert tone="warning" title={`This ${kind} was deleted`}>
        <form method="post" class="row gap-2 wrap">
          <CsrfField token={csrf} />
          <Button type="submit" name="action" value="restore" variant="primary" size="sm">Undo delete</Button>
          <Button href={listHref} variant="ghost" size="sm">Back to the list</Button>
        </form>
      </Alert>
    </div>
  );
}
