// Quiz : formulaire (radio, ou cases à cocher si `multiple`) envoyé au serveur qui corrige.

import { h, clear } from './dom.js';
import { STATUS_ICON } from './checks.js';

/** Construit le formulaire. `onSubmit(answers)` reçoit `{q1: ["b"], …}`. */
export function createQuizForm(questions, onSubmit) {
  const form = h('form', { class: 'quiz', novalidate: true });
  const notice = h('p', { class: 'quiz-notice', role: 'alert', hidden: true });
  questions.forEach((question, index) => {
    const type = question.multiple ? 'checkbox' : 'radio';
    const fieldset = h('fieldset', { class: 'quiz-question', id: `quiz-${question.id}`, dataset: { question: question.id } },
      h('legend', {}, h('span', { class: 'quiz-number' }, `Question ${index + 1}`), h('span', { class: 'quiz-text' }, question.question)));
    if (question.multiple) fieldset.append(h('p', { class: 'quiz-help muted' }, 'Plusieurs réponses possibles.'));
    const choices = h('div', { class: 'quiz-choices' });
    for (const choice of question.choices || []) {
      const inputId = `quiz-${question.id}-${choice.id}`;
      choices.append(h('div', { class: 'quiz-choice' },
        h('input', { type, id: inputId, name: question.id, value: choice.id }),
        h('label', { for: inputId }, choice.text)));
    }
    fieldset.append(choices, h('div', { class: 'quiz-result', dataset: { result: question.id } }));
    form.append(fieldset);
  });
  const button = h('button', { type: 'submit', class: 'button primary verify-button' }, 'Vérifier mes réponses');
  form.append(notice, h('div', { class: 'verify-actions' }, button));

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const answers = {};
    const missing = [];
    for (const question of questions) {
      const chosen = [...form.querySelectorAll(`input[name="${CSS.escape(question.id)}"]:checked`)].map((i) => i.value);
      answers[question.id] = chosen;
      if (chosen.length === 0) missing.push(question);
    }
    if (missing.length > 0) {
      notice.hidden = false;
      notice.textContent = missing.length === 1
        ? 'Répondez à toutes les questions\u00a0: il en manque une.'
        : `Répondez à toutes les questions\u00a0: il en manque ${missing.length}.`;
      const first = form.querySelector(`#quiz-${CSS.escape(missing[0].id)} input`);
      if (first) first.focus();
      return;
    }
    notice.hidden = true;
    onSubmit(answers);
  });

  return { form, button };
}

/** Marque chaque question avec le résultat renvoyé par le serveur (`checks` dont l'id est celui de la question). */
export function markQuiz(form, checks) {
  const byId = new Map((checks || []).map((c) => [c.id, c]));
  for (const fieldset of form.querySelectorAll('.quiz-question')) {
    const result = byId.get(fieldset.dataset.question);
    const box = fieldset.querySelector('.quiz-result');
    clear(box);
    fieldset.classList.remove('is-passed', 'is-failed');
    if (!result) continue;
    const ok = result.status === 'passed';
    fieldset.classList.add(ok ? 'is-passed' : 'is-failed');
    box.dataset.status = result.status;
    // Le verdict est dit une seule fois, par le serveur : son message commence par
    // « Bonne réponse. » ou « Réponse incorrecte » ; le navigateur n'ajoute que l'icône.
    box.append(h('p', { class: 'quiz-explanation' },
      h('span', { class: 'quiz-verdict', 'aria-hidden': 'true' }, `${STATUS_ICON[result.status] || '❔'} `), result.message || ''));
    if (result.hint && !ok) box.append(h('p', { class: 'check-hint' }, h('strong', {}, '💡 Indice\u00a0: '), result.hint));
  }
}
