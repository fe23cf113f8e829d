// Element building for the dashboard. Data from the API (names, transcript text, error messages)
// only ever becomes text nodes or attribute values, never markup.

// h('button', {type: 'button', onclick: fn, class: 'x'}, 'Label', childElement, …)
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (name === 'class') el.className = value;
    else if (name in el && typeof value !== 'string') el[name] = value;
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

// Replaces everything inside `el`.
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

// A labelled form control: <label for=id>text</label><control id=id>, with an optional hint.
export function field(label, control, hint) {
  const id = control.id || `f-${++fieldCount}`;
  control.id = id;
  let hintEl = null;
  if (hint) {
    hintEl = h('p', { class: 'hint', id: `${id}-hint` }, hint);
    control.setAttribute('aria-describedby', hintEl.id);
  }
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, hintEl);
}
let fieldCount = 0;

// A message area for errors (role=alert is announced as soon as it gets text).
export function alertBox() {
  const el = h('p', { class: 'alert', role: 'alert', hidden: true });
  return {
    el,
    show(message) { el.textContent = message; el.hidden = false; },
    clear() { el.textContent = ''; el.hidden = true; },
  };
}

// A description list of [term, value] pairs.
export const facts = (pairs) => h('dl', { class: 'facts' }, pairs.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
