// The ordered questions of a position being written: pure list operations the editor applies.
export const MAX_QUESTIONS = 50; // the API's limit (docs/api.md)

// A copy of `list` with the item at `index` moved by `delta` places (clamped to the ends).
export function moveQuestion(list, index, delta) {
  const to = Math.min(list.length - 1, Math.max(0, index + delta));
  const out = [...list];
  const [item] = out.splice(index, 1);
  out.splice(to, 0, item);
  return out;
}

export const removeQuestion = (list, index) => list.filter((_, i) => i !== index);

// What is sent: trimmed, without the blank ones.
export const questionsToSend = (list) => list.map((q) => q.trim()).filter((q) => q.length > 0);
