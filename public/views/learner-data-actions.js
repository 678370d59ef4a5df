// « Données personnelles » dans le détail d'un apprenant (tableau de bord formateur) : exporter ses données
// (GET /api/progress/{id}/export) ou les effacer après confirmation (DELETE /api/progress/{id}).
// Le détail est réécrit à chaque actualisation : l'état (confirmation en cours, erreur) vit ici, les boutons
// portent l'apprenant dans `data-learner` et un seul écouteur délégué (`handle`) les sert.

import { quiet, seg } from '../api.js';
import { h } from '../dom.js';

export function createLearnerDataActions(ctx, { onErased }) {
  let confirming = null;
  let error = { learner: null, message: '' };

  /** La section du détail de `learner` (`{ id, name }`). */
  function section(learner) {
    const asking = confirming === learner.id;
    const message = error.learner === learner.id ? error.message : '';
    return h('section', { class: 'learner-data', 'aria-labelledby': 'learner-data-title' },
      h('h3', { id: 'learner-data-title' }, 'Données personnelles'),
      h('div', { class: 'form-actions' },
        h('button', { type: 'button', class: 'button learner-export', dataset: { learner: learner.id } }, 'Exporter ses données'),
        h('button', { type: 'button', class: 'button danger learner-erase', 'aria-expanded': asking ? 'true' : 'false', dataset: { learner: learner.id } },
          'Effacer ses données')),
      asking
        ? h('div', { class: 'confirm-delete-box', role: 'group', 'aria-labelledby': 'learner-erase-question' },
          h('p', { id: 'learner-erase-question' }, h('strong', {}, 'Effacer toutes les données de cet apprenant\u202f?'),
            ' Son nom, sa progression, ses résultats, ce qu\'Atelier a vu de son cluster et son kubeconfig éventuel sont effacés tout de suite, sans retour possible\u202f; son jeton ne fonctionnera plus.'),
          h('div', { class: 'form-actions' },
            h('button', { type: 'button', class: 'button danger learner-erase-confirm', dataset: { learner: learner.id } }, 'Oui, tout effacer'),
            h('button', { type: 'button', class: 'button learner-erase-cancel', dataset: { learner: learner.id } }, 'Annuler')))
        : null,
      h('p', { class: 'form-error', role: 'alert' }, message));
  }

  async function download(learnerId) {
    const response = await ctx.api(`/api/progress/${seg(learnerId)}/export`, { raw: true });
    const url = URL.createObjectURL(await response.blob());
    const link = h('a', { href: url, download: `atelier-donnees-${learnerId}.json`, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }

  /**
   * Écouteur délégué : vrai si le clic était pour cette section. `rerender()` redessine le détail,
   * `close()` le ferme (après l'effacement).
   */
  function handle(event, { rerender, close }) {
    const button = event.target.closest('.learner-export, .learner-erase, .learner-erase-confirm, .learner-erase-cancel');
    if (!button) return false;
    const learnerId = button.dataset.learner;
    error = { learner: null, message: '' };
    const fail = (failure) => {
      if (quiet(failure, ctx.signal)) return;
      error = { learner: learnerId, message: failure.message };
      rerender();
    };
    if (button.classList.contains('learner-export')) {
      button.disabled = true;
      download(learnerId).catch(fail).finally(() => { button.disabled = false; });
    } else if (button.classList.contains('learner-erase')) {
      confirming = confirming === learnerId ? null : learnerId;
      rerender();
      const cancel = document.querySelector('.learner-erase-cancel');
      if (cancel) cancel.focus();
    } else if (button.classList.contains('learner-erase-cancel')) {
      confirming = null;
      rerender();
      const erase = document.querySelector('.learner-erase');
      if (erase) erase.focus();
    } else {
      button.disabled = true;
      ctx.api(`/api/progress/${seg(learnerId)}`, { method: 'DELETE' }).then(() => {
        confirming = null;
        close();
        onErased();
      }, (failure) => {
        button.disabled = false;
        fail(failure);
      });
    }
    return true;
  }

  return { section, handle };
}
