// Détail d'un apprenant (tiroir du tableau de bord) : identifiant, dates, étapes, historique des
// vérifications. L'actualisation met le tiroir à jour nœud par nœud (patchChildren) : le focus, la
// sélection et le défilement restent où ils sont.

import { quiet, seg } from '../api.js';
import { h, spinner, patchChildren } from '../dom.js';
import { clock, dateTime, duration, ago, plural } from '../format.js';
import { createLearnerDataActions } from './learner-data-actions.js';

/**
 * `drawer` et `layout` : éléments du tableau de bord ; `steps()` : étapes de la leçon (avec `checkable`) ;
 * `onSelection()` : appelé quand l'apprenant ouvert change (surlignage de la ligne).
 */
export function createDrilldown(ctx, { drawer, layout, table, steps, onSelection, onErased = () => {} }) {
  const { state } = ctx;
  let detail = null;
  const dataActions = createLearnerDataActions(ctx, { onErased });
  /** Le dernier code de reprise émis ici (`{ learner, code }`) : gardé d'une actualisation à l'autre. */
  let issued = null;
  let issuing = false;
  let issueError = '';

  function showDrawer() {
    drawer.hidden = false;
    layout.classList.add('has-drawer');
  }

  function closeButton() {
    return h('button', { type: 'button', class: 'button drawer-close', 'aria-label': 'Fermer le détail' }, '✕');
  }

  drawer.addEventListener('click', (event) => {
    if (event.target.closest('.drawer-close')) close();
    else if (event.target.closest('#reissue-code')) reissue();
    else dataActions.handle(event, { rerender: () => detail && render(detail), close });
  });

  /** « Nouveau code de reprise » : pour l'apprenant qui a perdu le sien ; l'ancien cesse de fonctionner. */
  async function reissue() {
    const learnerId = state.openLearner;
    if (!learnerId || issuing) return;
    if (!window.confirm('Créer un nouveau code de reprise\u202F? L\'ancien code de cet apprenant ne fonctionnera plus.')) return;
    issuing = true;
    issueError = '';
    try {
      const { resumeCode } = await ctx.api(`/api/progress/${seg(learnerId)}/resume-code`, { method: 'POST' });
      issued = { learner: learnerId, code: resumeCode };
    } catch (error) {
      if (quiet(error, ctx.signal)) return;
      issueError = `⚠️ ${error.message}`;
    } finally {
      issuing = false;
    }
    if (detail && state.openLearner === learnerId) render(detail);
    const shown = drawer.querySelector('#reissued-code') || drawer.querySelector('#reissue-code');
    if (shown) shown.focus();
  }

  function open(learnerId) {
    if (state.openLearner === learnerId) {
      close();
      return;
    }
    state.openLearner = learnerId;
    detail = null;
    ctx.updateUrl();
    onSelection();
    showDrawer();
    drawer.replaceChildren(spinner('Chargement du détail…'));
    load({ focus: true });
  }

  function close() {
    const previous = state.openLearner;
    state.openLearner = null;
    detail = null;
    ctx.updateUrl();
    onSelection();
    drawer.hidden = true;
    layout.classList.remove('has-drawer');
    const button = previous && table.querySelector(`button[data-learner="${CSS.escape(previous)}"]`);
    if (button) button.focus();
  }

  async function load({ focus = false, silent = false } = {}) {
    const learnerId = state.openLearner;
    if (!learnerId) return;
    try {
      const fresh = await ctx.api(`/api/progress/${seg(learnerId)}`);
      if (state.openLearner !== learnerId) return;
      detail = fresh;
      render(fresh, { focus });
    } catch (error) {
      if (quiet(error, ctx.signal) || state.openLearner !== learnerId) return;
      if (silent && detail) return;
      showDrawer();
      patchChildren(drawer, [
        h('div', { class: 'drawer-head' }, h('h2', { id: 'drawer-title' }, 'Détail indisponible'), closeButton()),
        h('p', { role: 'alert' }, `⚠️ ${error.message}`)]);
    }
  }

  function render(data, { focus = false } = {}) {
    const all = steps();
    const stepTitle = (id) => (all.find((s) => s.id === id) || { title: id }).title;
    showDrawer();

    const dl = h('dl');
    const row = (term, value) => {
      if (value === null || value === undefined || value === '') return;
      dl.append(h('dt', {}, term), h('dd', {}, value));
    };
    row('Identifiant', h('code', { class: 'learner-id' }, data.id));
    row('Inscrit', dateTime(data.createdAt));
    row('Démarré', dateTime(data.startedAt) || 'pas encore');
    if (data.completedAt) row('Terminé', dateTime(data.completedAt));
    if (data.currentStep) row('Étape actuelle', `${stepTitle(data.currentStep)} (${duration(data.timeOnStepSeconds || 0)})`);
    if (data.stuck) row('Bloqué', data.stuckReason || 'oui');
    if (data.lastFailure) row('Dernier échec', `${stepTitle(data.lastFailure.step)} — ${data.lastFailure.message || ''} (${ago(data.lastFailure.at)})`);

    const stepRows = all.map((step) => {
      const sp = (data.steps && data.steps[step.id]) || {};
      let status = '—';
      if (!step.checkable) status = sp.status ? '— (consultée)' : '—';
      else if (sp.status === 'passed') status = '✅ validée';
      else if (sp.status === 'in_progress') status = sp.failedInARow ? `❌ ${plural(sp.failedInARow, 'échec')} d'affilée` : '⏳ commencée';
      return h('tr', {}, h('td', {}, step.title), h('td', {}, status), h('td', {}, step.checkable ? String(sp.attempts || 0) : '—'));
    });

    const history = Array.isArray(data.history) ? [...data.history].reverse() : [];
    const list = h('ol', { class: 'history' });
    for (const attempt of history) {
      const checks = Array.isArray(attempt.checks) ? attempt.checks : [];
      list.append(h('li', { class: attempt.passed ? 'attempt-ok' : 'attempt-ko', dataset: { key: `${attempt.at}-${attempt.step}` } },
        h('div', { class: 'attempt-head' },
          h('span', {}, `${attempt.passed ? '✅' : '❌'} ${stepTitle(attempt.step)}`),
          h('time', { datetime: attempt.at || '' }, clock(attempt.at, true))),
        checks.length
          ? h('ul', {}, checks.map((c) => h('li', {},
            `${c.status === 'passed' ? '✅' : c.status === 'error' ? '⚠️' : '❌'} `,
            h('strong', {}, c.title || c.id || ''), c.message ? ` — ${c.message}` : '')))
          : null));
    }

    patchChildren(drawer, [
      h('div', { class: 'drawer-head' }, h('h2', { id: 'drawer-title', tabindex: '-1' }, data.name || data.id), closeButton()),
      dl,
      h('h3', {}, 'Étapes'),
      h('table', { class: 'steps-table' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Étape'), h('th', { scope: 'col' }, 'État'), h('th', { scope: 'col' }, 'Essais'))),
        h('tbody', {}, stepRows)),
      h('h3', {}, 'Code de reprise'),
      issued && issued.learner === data.id
        ? h('p', {}, 'Nouveau code, à donner à l\'apprenant\u00A0: ', h('code', { class: 'resume-code', id: 'reissued-code', tabindex: '-1' }, issued.code))
        : h('p', { class: 'muted small' }, 'L\'apprenant qui a perdu son code en reçoit un nouveau ici\u202F; l\'ancien cesse de fonctionner.'),
      issueError ? h('p', { class: 'form-error', role: 'alert' }, issueError) : null,
      h('button', { type: 'button', class: 'button', id: 'reissue-code' }, 'Nouveau code de reprise'),
      h('h3', {}, `Historique des vérifications (${history.length})`),
      history.length === 0 ? h('p', { class: 'muted' }, 'Aucune vérification pour l\'instant.') : null,
      list,
      dataActions.section({ id: data.id, name: data.name })]);
    if (focus) drawer.querySelector('#drawer-title').focus({ preventScroll: false });
  }

  return {
    open,
    close,
    /** Actualisation automatique : silencieuse si le détail est déjà affiché. */
    refresh: () => load({ silent: true }),
    /** Ouverture depuis l'URL (`?apprenant=`) au premier chargement. */
    restore: () => {
      if (!state.openLearner) return;
      onSelection();
      load();
    },
  };
}
