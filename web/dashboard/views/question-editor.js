// The ordered questions of a position: add, remove, move up and down. The interviewer asks them
// in this order.
import { h, replace } from '../dom.js';
import { MAX_QUESTIONS, moveQuestion, questionsToSend, removeQuestion } from '../questions.js';

const QUESTION_MAX_LENGTH = 2000; // the API's limit per question

export function questionEditor(initial = ['']) {
  let questions = initial.length ? [...initial] : [''];
  const list = h('ol', { class: 'questions' });
  const announce = h('p', { class: 'visually-hidden', role: 'status' });
  const add = h('button', { type: 'button', class: 'secondary', onclick: () => {
    questions = [...questions, ''];
    draw(questions.length - 1);
  } }, 'Add a question');

  // Redraws the list and puts the focus on `focusIndex`'s `focusPart` ('text' or a button name).
  function draw(focusIndex, focusPart = 'text') {
    replace(list, questions.map((text, i) => {
      const n = i + 1;
      const area = h('textarea', {
        rows: 2, maxlength: QUESTION_MAX_LENGTH, 'aria-label': `Question ${n}`, 'data-part': 'text',
        oninput: (e) => { questions[i] = e.target.value; },
      });
      area.value = text;
      const button = (part, label, aria, onclick, disabled) =>
        h('button', { type: 'button', class: 'icon', 'data-part': part, 'aria-label': aria, title: aria, disabled, onclick }, label);
      return h('li', {},
        area,
        h('div', { class: 'row-actions' },
          button('up', '↑', `Move question ${n} up`, () => move(i, -1, 'up'), i === 0),
          button('down', '↓', `Move question ${n} down`, () => move(i, 1, 'down'), i === questions.length - 1),
          button('remove', '✕', `Remove question ${n}`, () => remove(i), questions.length === 1)));
    }));
    add.disabled = questions.length >= MAX_QUESTIONS;
    if (focusIndex !== undefined) {
      const item = list.children[Math.min(focusIndex, questions.length - 1)];
      const target = item?.querySelector(`[data-part="${focusPart}"]:not([disabled])`) ?? item?.querySelector('textarea');
      target?.focus();
    }
  }

  function move(i, delta, part) {
    questions = moveQuestion(questions, i, delta);
    const to = Math.min(questions.length - 1, Math.max(0, i + delta));
    announce.textContent = `Question ${i + 1} is now question ${to + 1}.`;
    draw(to, part);
  }

  function remove(i) {
    questions = removeQuestion(questions, i);
    announce.textContent = `Question ${i + 1} removed.`;
    draw(i, 'remove');
  }

  draw();
  return {
    el: h('fieldset', { class: 'question-editor' },
      h('legend', {}, 'Questions, in the order they are asked'),
      list, add, announce),
    values: () => questionsToSend(questions),
  };
}
