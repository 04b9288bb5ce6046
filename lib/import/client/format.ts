// Numbers in the import wizard: "12,345 rows".
export const formatCount = (n: number): string => n.toLocaleString("en-US");
