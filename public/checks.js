// Affichage des résultats de vérification (étapes à vérifications et quiz).

import { h, clear, srOnly, append } from './dom.js';
import { clock, plural } from './format.js';

export const STATUS_ICON = { passed: '✅', failed: '❌', error: '⚠️', skipped: '➖' };
export const STATUS_LABEL = { passed: 'réussie', failed: 'échouée', error: 'erreur', skipped: 'non vérifiée' };

/** Liste des vérifications d'une étape, avant tout essai. */
export function renderPendingChecks(list, checks) {
  clear(list);
  for (const check of checks) {
    list.append(h('li', { class: 'check check-pending', dataset: { check: check.id } },
      h('span', { class: 'check-icon', 'aria-hidden': 'true' }, '○'),
      h('div', { class: 'check-body' },
        h('span', { class: 'check-title' }, check.title || check.id, srOnly('\u00a0: pas encore vérifiée')))));
  }
}

/**
 * Affiche le résultat d'une vérification (`{passed, checks:[{id,title,status,message,hint}]}`).
 * `expected` : liste des vérifications de l'étape (pour garder l'ordre et les titres).
 * `at` : date de la vérification quand elle vient de l'historique (rechargement).
 */
export function renderCheckResults({ summary, list }, result, { expected = [], at = null, quiz = false } = {}) {
  const checks = Array.isArray(result.checks) ? result.checks : [];
  const failed = checks.filter((c) => c.status !== 'passed').length;
  const passed = result.passed === true || (checks.length > 0 && failed === 0 && result.passed !== false);

  // Des erreurs sans aucun échec (les autres vérifications réussies ou non faites, « skipped ») : le
  // cluster n'a pas pu être interrogé, il n'y a rien à corriger.
  const errors = checks.filter((c) => c.status === 'error').length;
  const unreachable = !passed && !quiz && errors > 0 && !checks.some((c) => c.status === 'failed');

  clear(summary);
  summary.className = `check-summary ${passed ? 'ok' : unreachable ? 'error' : 'ko'}`;
  const prefix = at ? `Dernière vérification à ${clock(at)}\u00a0: ` : '';
  // `append` de dom.js ignore null/false (Element.append écrirait « null »).
  if (passed) {
    append(summary, [h('strong', {}, quiz ? '🎉 Toutes les réponses sont justes\u202f!' : '🎉 Étape validée\u202f!'),
      prefix ? [' ', h('span', { class: 'muted' }, prefix.replace(/\u00a0: $/, '.'))] : null]);
  } else if (quiz) {
    const good = checks.length - failed;
    append(summary, [prefix, h('strong', {}, `${plural(good, 'bonne réponse', 'bonnes réponses')} sur ${checks.length}.`),
      ' Relisez les explications et retentez votre chance.']);
  } else if (unreachable) {
    append(summary, [prefix, h('strong', {}, '⚠️ Cluster injoignable\u00a0: ', errors === 1
      ? 'la vérification n\'a pas pu être faite.'
      : `les ${errors} vérifications n'ont pas pu être faites.`),
    ' Rien à corriger dans vos manifestes\u00a0: vérifiez que le cluster répond (kubectl get nodes), puis cliquez de nouveau sur «\u202fVérifier\u202f».']);
  } else {
    append(summary, [prefix, h('strong', {}, failed === 1
      ? '1 vérification n\'est pas encore satisfaite.'
      : `${failed} vérifications ne sont pas encore satisfaites.`),
    ' Corrigez puis cliquez de nouveau sur «\u202fVérifier\u202f».']);
  }

  if (!list) return passed;
  clear(list);
  const byId = new Map(checks.map((c) => [c.id, c]));
  const order = expected.length ? expected.map((e) => byId.get(e.id) || { ...e, status: null }) : checks;
  for (const c of checks) if (!order.includes(c)) order.push(c);
  for (const check of order) {
    const status = check.status;
    const icon = STATUS_ICON[status] || '○';
    const label = STATUS_LABEL[status] || 'pas vérifiée';
    const body = h('div', { class: 'check-body' },
      h('span', { class: 'check-title' }, check.title || check.id, srOnly(`\u00a0: ${label}`)));
    if (check.message) body.append(h('p', { class: 'check-message' }, check.message));
    if (check.hint && status !== 'passed') {
      body.append(h('p', { class: 'check-hint' }, h('strong', {}, '💡 Indice\u00a0: '), check.hint));
    }
    list.append(h('li', { class: `check check-${status || 'pending'}`, dataset: { check: check.id, status: status || 'pending' } },
      h('span', { class: 'check-icon', 'aria-hidden': 'true' }, icon), body));
  }
  return passed;
}

/** Message d'erreur (réseau, serveur) dans la zone de résultats. */
export function renderCheckError({ summary, list }, message) {
  clear(summary);
  summary.className = 'check-summary error';
  append(summary, [h('strong', {}, '⚠️ La vérification n\'a pas pu aboutir. '), message]);
  if (list) {
    for (const li of list.querySelectorAll('.check')) li.classList.add('stale');
  }
}
