// Vue « inscription » : le nom de l'apprenant (ou un nouveau nom, « Changer d'apprenant »).

import { apiFetch } from '../api.js';
import { h, clear, spinner, append } from '../dom.js';

/** Monte le formulaire dans `root`. `changing` : changement d'apprenant (avec « Annuler »). */
export function mount(root, ctx, { changing = false } = {}) {
  const { state } = ctx;
  ctx.updateHeader();
  if (changing) document.getElementById('learner-box').hidden = true;

  const input = h('input', {
    id: 'learner-name-input', name: 'name', type: 'text', required: true, maxlength: '80',
    autocomplete: 'name', spellcheck: 'false', 'aria-describedby': 'name-help register-error',
  });
  const error = h('p', { class: 'form-error', role: 'alert', id: 'register-error' });
  const submit = h('button', { type: 'submit', class: 'button primary' }, 'Commencer');
  const form = h('form', { class: 'register-form', novalidate: true },
    h('label', { for: 'learner-name-input' }, 'Votre nom'),
    h('p', { id: 'name-help', class: 'muted small' }, 'Prénom et nom, tels que votre formateur les reconnaîtra.'),
    input,
    error,
    h('div', { class: 'form-actions' },
      submit,
      changing && state.learner
        ? h('button', { type: 'button', class: 'button', onclick: () => { ctx.updateHeader(); ctx.route({ focus: true }); } }, 'Annuler')
        : null));

  function fail(message) {
    error.textContent = message;
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const name = input.value.trim();
    error.textContent = '';
    if (!name) {
      fail('Indiquez votre nom pour commencer.');
      return;
    }
    input.removeAttribute('aria-invalid');
    submit.disabled = true;
    submit.replaceChildren(spinner('Enregistrement…'));
    let learner;
    try {
      learner = await apiFetch('/api/learners', { method: 'POST', body: { name }, signal: ctx.signal });
    } catch (e) {
      if (ctx.signal.aborted) return;
      submit.disabled = false;
      submit.textContent = 'Commencer';
      fail(e.message);
      return;
    }
    ctx.saveLearner(learner);
    state.notice = null;
    state.me = null;
    try {
      await ctx.refreshMe();
    } catch {
      if (ctx.signal.aborted) return;
      // Serveur momentanément indisponible : la vue suivante affichera l'erreur.
    }
    ctx.route({ focus: true });
  });

  clear(root);
  append(root, h('main', { id: 'contenu', class: 'narrow', tabindex: '-1' },
    h('section', { class: 'card register' },
      h('h1', {}, changing ? 'Changer d\'apprenant' : 'Bienvenue dans l\'Atelier'),
      state.lesson ? h('p', { class: 'lead' }, state.lesson.title) : null,
      state.notice ? h('p', { class: 'notice warning', role: 'alert' }, state.notice) : null,
      changing
        ? h('p', { class: 'muted' }, 'La progression de ', h('strong', {}, state.learner ? state.learner.name : ''),
          ' reste enregistrée sur le serveur, mais ce navigateur ne s\'en souviendra plus.')
        : h('p', {}, 'Saisissez votre nom\u00a0: votre progression sera enregistrée et visible par votre formateur.'),
      form)));
  input.focus();
  return () => {};
}
