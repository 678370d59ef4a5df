// Vue « jeton formateur » : le formulaire qui ouvre le tableau de bord.

import { h, clear, append } from '../dom.js';

export function mount(root, ctx, { message = null } = {}) {
  const input = h('input', {
    id: 'trainer-token', type: 'password', autocomplete: 'current-password', required: true, spellcheck: 'false',
    'aria-describedby': 'token-error',
  });
  const error = h('p', { class: 'form-error', role: 'alert', id: 'token-error' });
  const form = h('form', { class: 'token-form', novalidate: true },
    h('input', { type: 'text', name: 'username', autocomplete: 'username', value: 'formateur', hidden: true, 'aria-hidden': 'true', tabindex: '-1' }),
    h('label', { for: 'trainer-token' }, h('strong', {}, 'Jeton formateur')),
    input, error,
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button primary' }, 'Accéder au tableau de bord')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = input.value.trim();
    if (!value) {
      error.textContent = 'Saisissez le jeton formateur (fourni dans la configuration du serveur).';
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return;
    }
    ctx.useToken(value);
  });
  clear(root);
  append(root, h('main', { id: 'contenu', class: 'narrow', tabindex: '-1' },
    h('section', { class: 'card' },
      h('h1', {}, 'Tableau de bord formateur'),
      message ? h('p', { class: 'notice warning', role: 'alert' }, message) : null,
      h('p', {}, 'Saisissez le jeton formateur pour suivre la progression de la classe. Il reste en mémoire le temps de cet onglet seulement.'),
      form)));
  input.focus();
  return () => {};
}
