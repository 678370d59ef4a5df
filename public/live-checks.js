// Vérifications « en direct » d'une étape, à côté du bouton « Vérifier » : chaque vérification passe au vert
// (ou au rouge) au fil du flux en direct (live.js, `event: checks`), sans clic. Rien n'est enregistré :
// seule « Vérifier » valide l'étape.
//
// Annonce aux lecteurs d'écran (région `role="status"`, polie) seulement quand le statut d'une vérification
// change par rapport à ce qui a déjà été dit : rien au premier état reçu (il est affiché, pas annoncé), rien
// quand le flux renvoie le même état (reconnexion), jamais deux fois de suite le même texte.

import { h, srOnly, patchChildren, setTextIfChanged } from './dom.js';

const ICON = { passed: '✅', failed: '❌', error: '⚠️', skipped: '➖', pending: '○' };
const LABEL = {
  passed: 'satisfaite',
  failed: 'pas encore satisfaite',
  error: 'cluster injoignable',
  skipped: 'en attente d\u2019une autre vérification',
  pending: 'vérifiée seulement par «\u202fVérifier\u202f»',
};
/** Statuts annoncés quand une vérification y arrive ; `pending` et `skipped` ne disent rien de neuf. */
const ANNOUNCED = new Set(['passed', 'failed', 'error']);
/** Au-delà, l'annonce compte les vérifications au lieu de les nommer (pas de longue litanie). */
const MAX_NAMED = 3;

function quoted(title) {
  return `«\u202f${title}\u202f»`;
}

function phrase(title, status, previous) {
  if (status === 'passed') return `${quoted(title)} est satisfaite`;
  if (status === 'failed') return previous === 'passed' ? `${quoted(title)} n\u2019est plus satisfaite` : `${quoted(title)} n\u2019est pas satisfaite`;
  return `${quoted(title)} ne peut pas être vérifiée (cluster injoignable)`;
}

/**
 * Crée le bloc pour les vérifications `checks` de l'étape (`[{id, title}]`, dans l'ordre de la leçon).
 * Renvoie `{ element, update(payload), setMode(mode) }` : `update` reçoit les données d'un événement
 * `checks` ; `setMode` le mode du flux (`connecting`, `live`, `fallback`).
 */
export function createLiveChecks(checks) {
  const titles = new Map(checks.map((c) => [c.id, c.title || c.id]));
  const state = h('span', { class: 'live-checks-state muted' }, 'connexion…');
  const list = h('ul', { class: 'live-check-list', 'aria-label': 'Vérifications en direct' });
  const note = h('p', { class: 'live-checks-note muted small', hidden: true });
  const announcer = h('p', { class: 'live-announce sr-only', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
  const element = h('div', { class: 'live-checks', dataset: { mode: 'connecting' } },
    h('p', { class: 'live-checks-head' },
      h('span', { class: 'live-dot', 'aria-hidden': 'true' }), h('strong', {}, 'En direct'), ' ', state),
    list, note, announcer);

  /** Dernier statut connu de chaque vérification (affiché) et dernier statut dit (annoncé ou initial). */
  let shown = null;
  const said = new Map();
  let lastAnnouncement = '';

  function render(statuses, messages) {
    patchChildren(list, checks.map(({ id }) => {
      const status = statuses.get(id) || 'pending';
      const message = messages.get(id);
      return h('li', { class: `live-check live-${status}`, dataset: { check: id, status, key: id } },
        h('span', { class: 'live-check-icon', 'aria-hidden': 'true' }, ICON[status] || '○'),
        h('span', { class: 'live-check-body' },
          h('span', { class: 'live-check-title' }, titles.get(id)),
          srOnly(`\u00a0: ${LABEL[status] || LABEL.pending}`),
          message && (status === 'failed' || status === 'error')
            ? h('span', { class: 'live-check-message' }, message) : null));
    }));
  }

  function announce(statuses) {
    const changes = [];
    for (const { id } of checks) {
      const status = statuses.get(id) || 'pending';
      const before = said.get(id);
      if (status === before) continue;
      said.set(id, status);
      // Passée en attente (ou non vérifiée) : rien à dire, mais la prochaine arrivée sur un statut jugé
      // sera annoncée.
      if (ANNOUNCED.has(status)) changes.push({ id, status, before });
    }
    if (!changes.length) return;
    let parts;
    const unreachable = changes.filter((c) => c.status === 'error');
    if (unreachable.length > 1) {
      // Le cluster ne répond plus : une seule phrase, pas une par vérification.
      parts = ['le cluster ne répond pas, les vérifications en direct sont suspendues'];
      parts.push(...changes.filter((c) => c.status !== 'error').map(({ id, status, before }) => phrase(titles.get(id), status, before)));
    } else if (changes.length <= MAX_NAMED) {
      parts = changes.map(({ id, status, before }) => phrase(titles.get(id), status, before));
    } else {
      // Beaucoup de changements d'un coup (un manifeste appliqué) : un décompte, les échecs nommés.
      const passed = changes.filter((c) => c.status === 'passed');
      const others = changes.filter((c) => c.status !== 'passed');
      parts = [];
      if (passed.length) parts.push(`${passed.length} vérification${passed.length > 1 ? 's sont satisfaites' : ' est satisfaite'}`);
      if (others.length <= MAX_NAMED) parts.push(...others.map(({ id, status, before }) => phrase(titles.get(id), status, before)));
      else parts.push(`${others.length} ne sont pas satisfaites`);
    }
    const judged = checks.filter(({ id }) => ANNOUNCED.has(statuses.get(id)));
    const allGreen = judged.length > 0 && checks.every(({ id }) => ['passed', 'pending'].includes(statuses.get(id) || 'pending'));
    let text = `En direct\u00a0: ${parts.join('\u202f; ')}.`;
    if (allGreen) text += ' Tout est au vert\u00a0: cliquez sur «\u202fVérifier\u202f» pour valider l\u2019étape.';
    if (text === lastAnnouncement) return;
    lastAnnouncement = text;
    announcer.textContent = text;
  }

  function update(payload) {
    const items = payload && Array.isArray(payload.checks) ? payload.checks : [];
    const statuses = new Map();
    const messages = new Map();
    for (const item of items) {
      if (!item || !titles.has(item.id) || typeof item.status !== 'string') continue;
      statuses.set(item.id, item.status);
      if (typeof item.message === 'string' && item.message) messages.set(item.id, item.message);
    }
    render(statuses, messages);
    if (shown === null) {
      // Premier état : affiché, pas annoncé (la page vient de s'ouvrir ou de se reconnecter pour la première fois).
      for (const { id } of checks) said.set(id, statuses.get(id) || 'pending');
    } else {
      announce(statuses);
    }
    shown = statuses;
  }

  function setMode(mode) {
    element.dataset.mode = mode;
    list.hidden = mode === 'fallback';
    note.hidden = mode !== 'fallback';
    setTextIfChanged(state, mode === 'live' ? '' : mode === 'fallback' ? 'indisponible' : shown ? 'reconnexion…' : 'connexion…');
    setTextIfChanged(note, mode === 'fallback'
      ? 'Le suivi en direct ne répond pas\u00a0: cliquez sur «\u202fVérifier\u202f» pour connaître l\u2019état de chaque vérification.'
      : '');
  }

  return { element, update, setMode };
}
