// The Files card of a record page (deal, contact, company...): the FileDropzone island, which loads the
// record's files in the browser and uploads by drag-and-drop or the file picker.
import FileDropzone from "../../islands/FileDropzone.tsx";

export interface FilesSectionProps {
  targetType: "deal" | "contact" | "company" | "lead" | "task";
  targetId: string;
  csrf: string;
  canWrite: boolean;
}

export function FilesSection({ targetType, targetId, csrf, canWrite }: FilesSectionProps) {
  return (
    <>
      <FileDropzone targetType={targetType} targetId={targetId} csrf={csrf} canWrite={canWrite} />
      <noscript>
        <p class="text-sm muted">Turn on JavaScript to see and upload this record's files.</p>
      </noscript>
    </>
  );
}
