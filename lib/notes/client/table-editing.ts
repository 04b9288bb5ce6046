// The table-editing chunk (loaded by lazy-features.ts once a note holds a table): prosemirror-tables' cell
// selection and normalisation, Tab / Shift-Tab between cells (a new row after the last cell), deleting a
// table whose cells are all selected, and TableKit's table view (a scrolling wrapper with a <colgroup>).
import type { Editor } from "@tiptap/core";
import { TableView } from "@tiptap/extension-table";
import { keymap } from "@tiptap/pm/keymap";
import { Plugin, PluginKey } from "@tiptap/pm/state";
import type { EditorView } from "@tiptap/pm/view";
import type { Node as PmNode } from "@tiptap/pm/model";
import { addRowAfter, CellSelection, deleteTable, goToNextCell, tableEditing } from "@tiptap/pm/tables";
import { CELL_MIN_WIDTH } from "./light-table.ts";

/** Backspace/Delete with every cell of a table selected removes the table (as TableKit does). */
function deleteWhenAllCellsSelected(editor: Editor): boolean {
  const { selection } = editor.state;
  if (!(selection instanceof CellSelection)) return false;
  let cells = 0;
  selection.$anchorCell.node(-1).descendants((node) => {
    if (node.type.name === "table") return false;
    if (node.type.name === "tableCell" || node.type.name === "tableHeader") cells++;
  });
  return cells === selection.ranges.length && deleteTable(editor.state, editor.view.dispatch);
}

/** Plugins that make tables editable in `editor` (its schema already has the table nodes). */
export function tablePlugins(editor: Editor): Plugin[] {
  const next = (direction: 1 | -1) => goToNextCell(direction)(editor.state, editor.view.dispatch);
  const removeAll = () => deleteWhenAllCellsSelected(editor);
  return [
    keymap({
      Tab: () => {
        if (next(1)) return true;
        if (!addRowAfter(editor.state)) return false;
        addRowAfter(editor.state, editor.view.dispatch);
        return next(1);
      },
      "Shift-Tab": () => next(-1),
      Backspace: removeAll,
      "Mod-Backspace": removeAll,
      Delete: removeAll,
      "Mod-Delete": removeAll,
    }),
    tableEditing({ allowTableNodeSelection: false }),
    new Plugin({
      key: new PluginKey("leadlyTableView"),
      props: {
        nodeViews: {
          table: (node: PmNode, view: EditorView) => new TableView(node, CELL_MIN_WIDTH, view, {}),
        },
      },
    }),
  ];
}
