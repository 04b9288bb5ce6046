// The table nodes of the note schema, without their editing machinery: the same names, content, attributes,
// parse rules and HTML as @tiptap/extension-table's TableKit (lib/notes/schema.ts uses that on the server), so
// the browser's schema equals the server's (tests/unit/notes_light_schema.test.ts proves it) and a table
// another person writes is never dropped. prosemirror-tables (cell selection, Tab between cells, the column
// view) is ~14 KB gzip: table-editing.ts brings it in only once a note holds a table (see lazy-features.ts).
import { type Attribute, callOrReturn, getExtensionField, mergeAttributes, Node } from "@tiptap/core";
import type { Node as PmNode, NodeType, Schema } from "@tiptap/pm/model";
import { TextSelection } from "@tiptap/pm/state";
// Types only (erased from the bundle): the `tableRole` field and the `insertTable` command's signature.
import type {} from "@tiptap/extension-table";

/** The smallest column width TableKit renders with (its `cellMinWidth` default). */
export const CELL_MIN_WIDTH = 25;

type Align = "left" | "right" | "center";

function alignOf(value: unknown): Align | null {
  return value === "left" || value === "right" || value === "center" ? value : null;
}

/** `<col width>` of the cell's column, when the cell itself has no `colwidth`. */
function colgroupWidth(element: HTMLElement): number[] | null {
  const row = element.parentElement;
  const table = element.closest("table");
  if (!row || !table) return null;
  const width = table.querySelectorAll("colgroup > col")[Array.from(row.children).indexOf(element)]
    ?.getAttribute("width");
  return width ? [parseInt(width, 10)] : null;
}

function cellAttributes(): Record<string, Attribute> {
  return {
    colspan: { default: 1 },
    rowspan: { default: 1 },
    colwidth: {
      default: null,
      parseHTML: (element) => {
        const own = element.getAttribute("colwidth");
        return own ? own.split(",").map((width) => parseInt(width, 10)) : colgroupWidth(element);
      },
    },
    align: {
      default: null,
      parseHTML: (element) =>
        alignOf((element.style.textAlign || element.getAttribute("align") || "").trim().toLowerCase()),
      renderHTML: (attributes) => attributes.align ? { style: `text-align: ${attributes.align}` } : {},
    },
  };
}

/** An empty `<td>`/`<th>` (only whitespace) still parses into a cell with an empty paragraph. */
function isBlankCell(element: HTMLElement): boolean {
  return element.children.length === 0 && (element.textContent ?? "").replace(/[ \t\r\n\f]+/g, "") === "";
}

function cellNode(name: "tableCell" | "tableHeader", tag: "td" | "th", role: "cell" | "header_cell") {
  return Node.create({
    name,
    content: "block+",
    tableRole: role,
    isolating: true,
    addAttributes: cellAttributes,
    parseHTML() {
      return [{
        tag,
        getAttrs: (node: HTMLElement) => isBlankCell(node) ? {} : false,
        getContent: (_node: unknown, schema: Schema) => schema.nodes[name].createAndFill()!.content,
      }, { tag }];
    },
    renderHTML({ HTMLAttributes }) {
      return [tag, mergeAttributes(HTMLAttributes), 0];
    },
  });
}

export const TableCell = cellNode("tableCell", "td", "cell");
export const TableHeader = cellNode("tableHeader", "th", "header_cell");

export const TableRow = Node.create({
  name: "tableRow",
  content: "(tableCell | tableHeader)*",
  tableRole: "row",
  parseHTML: () => [{ tag: "tr" }],
  renderHTML: ({ HTMLAttributes }) => ["tr", mergeAttributes(HTMLAttributes), 0],
});

/** `<colgroup>` and the table's width from the first row's column widths, as TableKit renders them. */
export function tableColumns(node: PmNode, minWidth = CELL_MIN_WIDTH) {
  const cols: [string, { style: string }][] = [];
  let total = 0;
  let fixed = true;
  const row = node.firstChild;
  for (let i = 0; row && i < row.childCount; i++) {
    const { colspan, colwidth } = row.child(i).attrs;
    for (let j = 0; j < colspan; j++) {
      const width = colwidth?.[j];
      total += width || minWidth;
      if (!width) fixed = false;
      cols.push(["col", { style: width ? `width: ${Math.max(width, minWidth)}px` : `min-width: ${minWidth}px` }]);
    }
  }
  return { colgroup: ["colgroup", {}, ...cols] as const, style: fixed ? `width: ${total}px` : `min-width: ${total}px` };
}

/** A rows × cols table of empty cells (the first row of headers when asked). */
export function emptyTable(schema: Schema, rows: number, cols: number, withHeaderRow: boolean): PmNode {
  const types = schema.nodes as Record<string, NodeType>;
  const row = (header: boolean) =>
    types.tableRow.create(
      null,
      Array.from({ length: cols }, () => types[header ? "tableHeader" : "tableCell"].createAndFill()!),
    );
  return types.table.create(null, Array.from({ length: rows }, (_, i) => row(withHeaderRow && i === 0)));
}

export const Table = Node.create({
  name: "table",
  content: "tableRow+",
  tableRole: "table",
  isolating: true,
  group: "block",
  parseHTML: () => [{ tag: "table" }],
  renderHTML({ node, HTMLAttributes }) {
    const { colgroup, style } = tableColumns(node);
    return ["table", mergeAttributes(HTMLAttributes, { style: HTMLAttributes.style || style }), colgroup, ["tbody", 0]];
  },
  // Tiptap asks every extension to extend every node's spec: this copies each node's `tableRole` into it.
  extendNodeSchema(extension) {
    const context = { name: extension.name, options: extension.options, storage: extension.storage };
    return { tableRole: callOrReturn(getExtensionField(extension, "tableRole", context)) };
  },
  addCommands() {
    return {
      insertTable: ({ rows = 3, cols = 3, withHeaderRow = true } = {}) => ({ tr, dispatch, editor }) => {
        if (dispatch) {
          const offset = tr.selection.from + 1;
          tr.replaceSelectionWith(emptyTable(editor.schema, rows, cols, withHeaderRow)).scrollIntoView()
            .setSelection(TextSelection.near(tr.doc.resolve(offset)));
        }
        return true;
      },
    };
  },
});
