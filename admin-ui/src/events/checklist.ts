// Checklist ordering and progress without rendering: the reorder endpoint takes the complete
// new order of ids, and the page shows done/total.

export type ChecklistItem = { id: string; position: number; text: string; completed: boolean };

/** The ids in their new order after moving the item at `index` by `delta` (-1 up, +1 down). */
export function movedOrder(items: ReadonlyArray<{ id: string }>, index: number, delta: number): string[] | null {
  const target = index + delta;
  if (index < 0 || index >= items.length || target < 0 || target >= items.length) return null;
  const ids = items.map((item) => item.id);
  const [moved] = ids.splice(index, 1);
  ids.splice(target, 0, moved!);
  return ids;
}

export type Progress = { done: number; total: number; percent: number };

export function progressOf(items: ReadonlyArray<{ completed: boolean }>): Progress {
  const total = items.length;
  const done = items.filter((item) => item.completed).length;
  return { done, total, percent: total === 0 ? 0 : Math.round((done / total) * 100) };
}
