// PLOVER quad classes and the categories in each.

export const QUADS: Record<number, { label: string; color: string }> = {
  1: { label: "Verbal cooperation", color: "#2a9d8f" },
  2: { label: "Material cooperation", color: "#3a6ea5" },
  3: { label: "Verbal conflict", color: "#e9a23b" },
  4: { label: "Material conflict", color: "#d1495b" },
};

export const UNKNOWN_COLOR = "#9aa5b1";

export function quadColor(q: number | null | undefined): string {
  return (q != null && QUADS[q]?.color) || UNKNOWN_COLOR;
}

export const CATEGORIES: [string, number][] = [
  ["AGREE", 1], ["CONSULT", 1], ["SUPPORT", 1], ["CONCEDE", 1],
  ["COOPERATE", 2], ["AID", 2], ["RETREAT", 2],
  ["REQUEST", 3], ["ACCUSE", 3], ["REJECT", 3], ["THREATEN", 3],
  ["PROTEST", 4], ["SANCTION", 4], ["MOBILIZE", 4], ["COERCE", 4], ["ASSAULT", 4],
];
