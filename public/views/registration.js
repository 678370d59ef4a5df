// Vue « inscription » : le nom de l'apprenant (ou un nouveau nom, « Changer d'apprenant »), le code de
// classe facultatif, « Reprendre ma progression » avec un code de reprise, et l'écran qui montre ce
// code une seule fois après l'inscription.

import { apiFetch } from '../api.js';
import { h, clear, spinner, append } from '../dom.js';
import { copyText, selectContents } from '../clipboard.js';

/** Monte le formulaire dans `root`. `changing` : changement d'apprenant (avec « Annuler »). */
export function mount(root, ctx, { changing = false } = {}) {
  const { state } = ctx;
  ctx.updateHeader();
  if (changing) document.getElementById('learner-box').hidden = true;

  /** Après l'inscription ou la reprise : l'apprenant est enregistré, on passe à la suite. */
  async function enter(learner) {
    ctx.saveLearner({ id: learner.id, name: learner.name, token: learner.token });
    state.notice = null;
    state.me = null;
    try {
      await ctx.refreshMe();
    } catch {
      if (ctx.signal.aborted) return;
      // Serveur momentanément indisponible : la vue suivante affichera l'erreur.
    }
    ctx.route({ focus: true });
  }

  /** Un champ de formulaire avec son aide et son message d'erreur. */
  function field(id, label, help, attrs, { helpId = `${id}-help`, errorId = `${id}-error` } = {}) {
    const input = h('input', { id, type: 'text', spellcheck: 'false', 'aria-describedby': `${helpId} ${errorId}`, ...attrs });
    const error = h('p', { class: 'form-error', role: 'alert', id: errorId });
    return {
      input,
      error,
      nodes: [h('label', { for: id }, label), h('p', { id: helpId, class: 'muted small' }, help), input],
      fail(message) {
        error.textContent = message;
        input.setAttribute('aria-invalid', 'true');
        input.focus();
      },
      reset() {
        error.textContent = '';
        input.removeAttribute('aria-invalid');
      },
    };
  }

  /** Envoie `body` à `path` avec `submit` occupé ; renvoie la réponse, ou null après avoir affiché l'erreur. */
  async function post(path, body, submit, label, target) {
    submit.disabled = true;
    submit.replaceChildren(spinner('Envoi…'));
    try {
      return await apiFetch(path, { method: 'POST', body, signal: ctx.signal });
    } catch (e) {
      if (ctx.signal.aborted) return null;
      submit.disabled = false;
      submit.textContent = label;
      (typeof target === 'function' ? target(e) : target).fail(e.message);
      return null;
    }
  }

  // Inscription : nom et, si le formateur en a donné un, code de classe.
  const name = field('learner-name-input', 'Votre nom', 'Prénom et nom, tels que votre formateur les reconnaîtra.',
    { name: 'name', required: true, maxlength: '80', autocomplete: 'name' }, { helpId: 'name-help', errorId: 'register-error' });
  const classCode = field('class-code-input', 'Code de classe (facultatif)', 'Le code que votre formateur a affiché, par exemple 7K2P-QX.',
    { name: 'classCode', maxlength: '20', autocomplete: 'off', autocapitalize: 'characters' });
  const submit = h('button', { type: 'submit', class: 'button primary' }, 'Commencer');
  const form = h('form', { class: 'register-form', novalidate: true },
    ...name.nodes, name.error,
    ...classCode.nodes, classCode.error,
    h('div', { class: 'form-actions' },
      submit,
      changing && state.learner
        ? h('button', { type: 'button', class: 'button', onclick: () => { ctx.updateHeader(); ctx.route({ focus: true }); } }, 'Annuler')
        : null));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    name.reset();
    classCode.reset();
    const text = name.input.value.trim();
    if (!text) {
      name.fail('Indiquez votre nom pour commencer.');
      return;
    }
    const code = classCode.input.value.trim();
    const body = code ? { name: text, classCode: code } : { name: text };
    const learner = await post('/api/learners', body, submit, 'Commencer',
      (e) => (String(e.code).startsWith('class_') ? classCode : name));
    if (learner) showResumeCode(learner);
  });

  // Reprise : le code noté à l'inscription (ou donné par le formateur).
  const resume = field('resume-code-input', 'Votre code de reprise', 'Le code de 12 caractères noté à l\'inscription, par exemple 4F7K-9QM2-XB3T. Sans lui, demandez-en un nouveau à votre formateur.',
    { name: 'code', required: true, maxlength: '40', autocomplete: 'off', autocapitalize: 'characters' });
  const resumeSubmit = h('button', { type: 'submit', class: 'button primary' }, 'Reprendre');
  const resumeForm = h('form', { class: 'register-form resume-form', id: 'resume-form', novalidate: true, hidden: true },
    ...resume.nodes, resume.error, h('div', { class: 'form-actions' }, resumeSubmit));
  const resumeToggle = h('button', {
    type: 'button', class: 'button link', id: 'resume-toggle', 'aria-expanded': 'false', 'aria-controls': 'resume-form',
  }, 'Reprendre ma progression');
  resumeToggle.addEventListener('click', () => {
    resumeForm.hidden = !resumeForm.hidden;
    resumeToggle.setAttribute('aria-expanded', String(!resumeForm.hidden));
    if (!resumeForm.hidden) resume.input.focus();
  });
  resumeForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    resume.reset();
    const code = resume.input.value.trim();
    if (!code) {
      resume.fail('Saisissez votre code de reprise.');
      return;
    }
    const learner = await post('/api/learners/resume', { code }, resumeSubmit, 'Reprendre', resume);
    if (learner) await enter(learner);
  });

  /** Montré une seule fois : le code de reprise à noter, avant d'entrer dans la leçon. */
  function showResumeCode(learner) {
    // Enregistré tout de suite : recharger la page sur cet écran ne perd pas l'apprenant.
    ctx.saveLearner({ id: learner.id, name: learner.name, token: learner.token });
    const code = h('code', { class: 'resume-code', id: 'resume-code' }, learner.resumeCode || '');
    const copied = h('span', { class: 'muted small', role: 'status' });
    const copy = h('button', { type: 'button', class: 'button', id: 'resume-code-copy' }, 'Copier le code');
    copy.addEventListener('click', async () => {
      const ok = await copyText(learner.resumeCode || '');
      if (ok) copied.textContent = 'Code copié.';
      else {
        selectContents(code);
        copied.textContent = 'Copie refusée par le navigateur\u00A0: le code est sélectionné, faites Ctrl+C.';
      }
    });
    const go = h('button', { type: 'button', class: 'button primary', id: 'resume-code-continue' }, 'J\'ai noté mon code, continuer');
    go.addEventListener('click', () => enter(learner));
    const heading = h('h1', { tabindex: '-1' }, 'Notez votre code de reprise');
    clear(root);
    append(root, h('main', { id: 'contenu', class: 'narrow', tabindex: '-1' },
      h('section', { class: 'card register resume-card' },
        heading,
        learner.warning ? h('p', { class: 'notice warning', role: 'alert', id: 'name-warning' }, learner.warning) : null,
        learner.class ? h('p', {}, 'Classe\u00A0: ', h('strong', {}, learner.class.name)) : null,
        h('p', {}, 'Avec ce code, vous retrouverez votre progression depuis un autre navigateur ou un autre poste\u202F: ',
          '«\u202FReprendre ma progression\u202F» sur l\'écran d\'accueil. Il n\'est affiché qu\'une fois.'),
        h('p', { class: 'resume-code-line' }, code, ' ', copy, ' ', copied),
        h('div', { class: 'form-actions' }, go))));
    heading.focus();
  }

  clear(root);
  append(root, h('main', { id: 'contenu', class: 'narrow', tabindex: '-1' },
    h('section', { class: 'card register' },
      h('h1', {}, changing ? 'Changer d\'apprenant' : 'Bienvenue dans l\'Atelier'),
      state.lesson ? h('p', { class: 'lead' }, state.lesson.title) : null,
      state.notice ? h('p', { class: 'notice warning', role: 'alert' }, state.notice) : null,
      changing
        ? h('p', { class: 'muted' }, 'La progression de ', h('strong', {}, state.learner ? state.learner.name : ''),
          ' reste enregistrée sur le serveur, mais ce navigateur ne s\'en souviendra plus.')
        : h('p', {}, 'Saisissez votre nom\u00A0: votre progression sera enregistrée et visible par votre formateur.'),
      form,
      h('div', { class: 'resume-block' },
        h('p', { class: 'muted' }, 'Déjà inscrit sur un autre navigateur ou un autre poste\u202F?'),
        resumeToggle,
        resumeForm))));
  name.input.focus();
  return () => {};
}
