// Element ids the palette's search box (islands/CommandPalette.tsx) and its results (PaletteResults.tsx) share.
export const PALETTE_LISTBOX_ID = "palette-listbox";
export const paletteOptionId = (index: number) => `palette-option-${index}`;
