// Tableau de bord formateur : matrice apprenants × étapes, apprenants bloqués,
// totaux par étape, détail d'un apprenant, export CSV. Actualisation toutes les ~5 s.

import { apiFetch, seg } from './api.js';
import { h, clear, srOnly, spinner } from './dom.js';
import { clock, dateTime, duration, ago, plural } from './format.js';

const TOKEN_KEY = 'atelier.trainerToken';
const REFRESH_MS = 5000;

const root = document.getElementById('app');
const logoutButton = document.getElementById('logout');

const state = {
  token: sessionStorage.getItem(TOKEN_KEY) || null,
  lessons: [],
  lessonId: new URLSearchParams(location.search).get('lesson'),
  progress: null,
  openLearner: new URLSearchParams(location.search).get('apprenant'),
  detail: null,
  timer: null,
  loading: false,
  auto: true,
  dom: null,
};

class Handled extends Error {}

async function trainerApi(path, options = {}) {
  try {
    return await apiFetch(path, { ...options, token: state.token });
  } catch (error) {
    if (error && error.unauthorized) {
      askToken(state.token ? 'Jeton refusé ou expiré : saisissez de nouveau le jeton formateur.' : null);
      throw new Handled('unauthorized');
    }
    throw error;
  }
}

function updateUrl() {
  const url = new URL(location.href);
  if (state.lessonId && state.lessons.length > 1) url.searchParams.set('lesson', state.lessonId);
  else url.searchParams.delete('lesson');
  if (state.openLearner) url.searchParams.set('apprenant', state.openLearner);
  else url.searchParams.delete('apprenant');
  history.replaceState(null, '', `${url.pathname}${url.search}${url.hash}`);
}

// ---------------------------------------------------------------- jeton

function askToken(message) {
  stopRefresh();
  state.token = null;
  state.dom = null;
  sessionStorage.removeItem(TOKEN_KEY);
  logoutButton.hidden = true;
  const input = h('input', { id: 'trainer-token', type: 'password', autocomplete: 'current-password', required: true, spellcheck: 'false' });
  const error = h('p', { class: 'form-error', role: 'alert' });
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
      input.focus();
      return;
    }
    state.token = value;
    sessionStorage.setItem(TOKEN_KEY, value);
    start();
  });
  clear(root);
  root.append(h('main', { id: 'contenu', class: 'narrow', tabindex: '-1' },
    h('section', { class: 'card' },
      h('h1', {}, 'Tableau de bord formateur'),
      message ? h('p', { class: 'notice warning', role: 'alert' }, message) : null,
      h('p', {}, 'Saisissez le jeton formateur pour suivre la progression de la classe. Il reste en mémoire le temps de cet onglet seulement.'),
      form)));
  input.focus();
}

logoutButton.addEventListener('click', () => askToken(null));

// ---------------------------------------------------------------- chargement

async function start() {
  logoutButton.hidden = false;
  clear(root);
  root.append(h('main', { id: 'contenu', class: 'narrow', tabindex: '-1' }, h('div', { class: 'card' }, spinner('Chargement de la progression…'))));
  try {
    const { lessons } = await apiFetch('/api/lessons');
    state.lessons = lessons || [];
  } catch (error) {
    showFatal(error.message);
    return;
  }
  if (!state.lessons.some((l) => l.id === state.lessonId)) state.lessonId = state.lessons.length ? state.lessons[0].id : null;
  buildShell();
  await refresh({ initial: true });
  scheduleRefresh();
}

function showFatal(message) {
  clear(root);
  root.append(h('main', { id: 'contenu', class: 'narrow', tabindex: '-1' },
    h('div', { class: 'card error-panel', role: 'alert' },
      h('p', {}, h('strong', {}, '⚠️ '), message),
      h('button', { type: 'button', class: 'button', onclick: start }, 'Réessayer'))));
}

function scheduleRefresh() {
  stopRefresh();
  state.timer = setInterval(() => {
    if (state.auto && !document.hidden && state.token) refresh();
  }, REFRESH_MS);
}

function stopRefresh() {
  if (state.timer) clearInterval(state.timer);
  state.timer = null;
}

document.addEventListener('visibilitychange', () => {
  if (!document.hidden && state.auto && state.dom) refresh();
});

function buildShell() {
  const refreshInfo = h('span', { class: 'refresh-info', role: 'status', 'aria-live': 'polite' });
  const autoBox = h('input', { type: 'checkbox', class: 'toggle-refresh', id: 'auto-refresh', checked: state.auto });
  autoBox.addEventListener('change', () => {
    state.auto = autoBox.checked;
    if (state.auto) refresh();
  });
  const csvButton = h('button', { type: 'button', class: 'button', id: 'csv-download' }, '⬇️ Télécharger le CSV');
  const csvError = h('p', { class: 'form-error', role: 'alert' });
  csvButton.addEventListener('click', () => downloadCsv(csvButton, csvError));

  let lessonSelect = null;
  if (state.lessons.length > 1) {
    lessonSelect = h('select', { id: 'lesson-select' },
      state.lessons.map((l) => h('option', { value: l.id, selected: l.id === state.lessonId }, l.title)));
    lessonSelect.addEventListener('change', () => {
      state.lessonId = lessonSelect.value;
      state.openLearner = null;
      updateUrl();
      refresh({ initial: true });
    });
  }

  const title = h('h1', { tabindex: '-1' }, 'Progression de la classe');
  const corrupt = h('div', { class: 'notice warning corrupt', role: 'alert', hidden: true });
  const stats = h('ul', { class: 'stats', 'aria-label': 'Résumé de la classe' });
  const table = h('table', { class: 'matrix', id: 'progress-matrix' });
  const wrap = h('div', { class: 'matrix-wrap', tabindex: '0', role: 'region', 'aria-labelledby': 'matrix-caption' }, table);
  const drawer = h('aside', { class: 'drawer card', id: 'learner-drawer', 'aria-labelledby': 'drawer-title', hidden: true });
  const layout = h('div', { class: 'drawer-layout' }, wrap, drawer);
  const errorBox = h('div', { class: 'notice warning', role: 'alert', hidden: true });

  clear(root);
  root.append(h('main', { id: 'contenu', tabindex: '-1' },
    h('div', { class: 'trainer-toolbar' },
      title,
      lessonSelect ? h('label', { for: 'lesson-select' }, 'Exercice', lessonSelect) : null,
      h('label', { for: 'auto-refresh' }, autoBox, 'Actualisation automatique'),
      refreshInfo,
      csvButton),
    csvError, errorBox, corrupt, stats, layout));
  state.dom = { refreshInfo, stats, table, wrap, drawer, layout, corrupt, errorBox, title };
}

async function refresh({ initial = false } = {}) {
  if (state.loading || !state.dom) return;
  state.loading = true;
  const dom = state.dom;
  try {
    const query = state.lessonId ? `?lesson=${encodeURIComponent(state.lessonId)}` : '';
    const progress = await trainerApi(`/api/progress${query}`);
    if (dom !== state.dom) return;
    state.progress = progress;
    dom.errorBox.hidden = true;
    renderProgress(progress);
    dom.refreshInfo.textContent = `Mis à jour à ${clock(new Date().toISOString(), true)}`;
    if (state.openLearner) await loadDetail(state.openLearner, { quiet: !initial });
    if (initial) dom.title.focus({ preventScroll: true });
  } catch (error) {
    if (error instanceof Handled || dom !== state.dom) return;
    dom.errorBox.hidden = false;
    dom.errorBox.textContent = `⚠️ ${error.message} (nouvel essai automatique dans quelques secondes)`;
  } finally {
    state.loading = false;
  }
}

// ---------------------------------------------------------------- matrice

function stepsOf(progress) {
  return Array.isArray(progress.steps) ? progress.steps : [];
}

function cellFor(learner, step) {
  const sp = (learner.steps && learner.steps[step.id]) || { status: 'not_started', attempts: 0, failedInARow: 0 };
  const isCurrent = learner.currentStep === step.id && sp.status !== 'passed' && !learner.completedAt;
  const attempts = sp.attempts || 0;
  const failing = sp.status !== 'passed' && (sp.failedInARow || 0) > 0;
  const td = h('td', { class: 'cell', dataset: { step: step.id, status: sp.status || 'not_started' } });
  let description;
  if (sp.status === 'passed') {
    td.classList.add('cell-passed');
    td.append(h('span', { 'aria-hidden': 'true' }, '✅'));
    description = `validée${sp.passedAt ? ` à ${clock(sp.passedAt)}` : ''} (${plural(attempts, 'tentative')})`;
  } else if (isCurrent) {
    td.classList.add('cell-current');
    const parts = [`⏳ ${duration(learner.timeOnStepSeconds || 0)}`];
    if (failing) {
      td.classList.add('cell-failing');
      parts.push(`❌ ${sp.failedInARow}`);
    }
    td.append(h('span', { 'aria-hidden': 'true' }, parts.join(' · ')));
    description = `étape en cours depuis ${duration(learner.timeOnStepSeconds || 0)}${failing ? `, ${plural(sp.failedInARow, 'échec')} d'affilée` : ''}, ${plural(attempts, 'tentative')}`;
  } else if (failing || (sp.status === 'in_progress' && attempts > 0)) {
    td.classList.add('cell-failing');
    td.append(h('span', { 'aria-hidden': 'true' }, `❌ ${attempts}`));
    description = `non validée, ${plural(attempts, 'tentative')}`;
  } else if (sp.status === 'in_progress') {
    td.classList.add('cell-viewed');
    td.append(h('span', { 'aria-hidden': 'true' }, '·'));
    description = 'consultée, pas encore vérifiée';
  } else {
    description = 'pas commencée';
  }
  const label = `${learner.name} — ${step.title} : ${description}`;
  td.title = label;
  td.append(srOnly(description));
  return td;
}

function stateCell(learner, steps) {
  const td = h('td', { class: 'col-state' });
  const stepTitle = (id) => (steps.find((s) => s.id === id) || { title: id }).title;
  if (learner.stuck) {
    td.append(h('span', { class: 'state-line' }, h('span', { class: 'stuck-badge' }, '🆘 Bloqué'), learner.stuckReason ? ` : ${learner.stuckReason}` : ''));
  } else if (learner.completedAt) {
    td.append(h('span', { class: 'state-line' }, `🏁 Terminé à ${clock(learner.completedAt)}`));
  } else if (learner.currentStep) {
    td.append(h('span', { class: 'state-line' }, `En cours : ${stepTitle(learner.currentStep)} (${duration(learner.timeOnStepSeconds || 0)})`));
  } else if (learner.startedAt) {
    td.append(h('span', { class: 'state-line' }, 'Démarré'));
  } else {
    td.append(h('span', { class: 'state-line muted' }, 'Pas encore démarré'));
  }
  if (learner.lastFailure && (learner.stuck || (learner.steps && learner.steps[learner.lastFailure.step] && learner.steps[learner.lastFailure.step].status !== 'passed'))) {
    td.append(h('span', { class: 'state-failure', title: learner.lastFailure.message || '' },
      `Dernier échec (${stepTitle(learner.lastFailure.step)}, ${ago(learner.lastFailure.at)}) : `,
      learner.lastFailure.message || ''));
  }
  return td;
}

function renderProgress(progress) {
  const dom = state.dom;
  const steps = stepsOf(progress);
  const learners = Array.isArray(progress.learners) ? progress.learners : [];
  const lesson = state.lessons.find((l) => l.id === progress.lesson);
  document.getElementById('lesson-title').textContent = lesson ? lesson.title : 'Tableau de bord formateur';

  // Bandeau des fichiers de progression corrompus.
  const corrupt = Array.isArray(progress.corruptFiles) ? progress.corruptFiles : [];
  dom.corrupt.hidden = corrupt.length === 0;
  clear(dom.corrupt);
  if (corrupt.length) {
    dom.corrupt.append(h('strong', {}, '⚠️ Fichiers de progression illisibles mis de côté : '),
      h('ul', {}, corrupt.map((c) => h('li', {}, h('code', {}, c.file || '?'), ' → ', h('code', {}, c.movedTo || '?'), c.at ? ` (${dateTime(c.at)})` : ''))));
  }

  // Résumé.
  clear(dom.stats);
  const stuck = learners.filter((l) => l.stuck).length;
  const done = learners.filter((l) => l.completedAt).length;
  const started = learners.filter((l) => l.startedAt).length;
  dom.stats.append(
    h('li', {}, h('strong', {}, String(learners.length)), plural(learners.length, 'apprenant').replace(/^\d+ /, '')),
    h('li', {}, h('strong', {}, String(started)), 'ont démarré'),
    h('li', {}, h('strong', {}, String(done)), 'ont terminé'),
    h('li', { class: stuck ? 'stat-stuck' : '' }, h('strong', {}, String(stuck)), stuck > 1 ? 'bloqués' : 'bloqué'));

  // Conserver défilement et focus pendant l'actualisation.
  const { scrollLeft, scrollTop } = dom.wrap;
  const active = document.activeElement;
  const focusKey = active && active.dataset && active.dataset.learner && dom.table.contains(active) ? active.dataset.learner : null;

  const table = dom.table;
  clear(table);
  table.append(h('caption', { id: 'matrix-caption', class: 'sr-only' }, 'Progression des apprenants par étape'));
  const headRow = h('tr', {}, h('th', { scope: 'col', class: 'col-name' }, 'Apprenant'));
  steps.forEach((step, i) => headRow.append(h('th', { scope: 'col', title: step.title, dataset: { step: step.id } },
    h('span', { class: 'step-head' }, h('span', { class: 'step-num', 'aria-hidden': 'true' }, String(i + 1)), h('span', { class: 'step-name' }, step.title)))));
  headRow.append(h('th', { scope: 'col', class: 'col-state' }, 'État'));
  table.append(h('thead', {}, headRow));

  const body = h('tbody');
  if (learners.length === 0) {
    body.append(h('tr', {}, h('td', { colspan: String(steps.length + 2), class: 'empty-state' },
      'Aucun apprenant inscrit pour l\'instant. Les apprenants apparaissent ici dès qu\'ils saisissent leur nom.')));
  }
  const sorted = [...learners].sort((a, b) => (b.stuck === true) - (a.stuck === true) || String(a.name).localeCompare(String(b.name), 'fr'));
  for (const learner of sorted) {
    const button = h('button', {
      type: 'button', class: 'learner-button', dataset: { learner: learner.id },
      'aria-expanded': String(state.openLearner === learner.id), 'aria-controls': 'learner-drawer',
    }, learner.name || learner.id);
    button.addEventListener('click', () => toggleDetail(learner.id));
    const row = h('tr', { class: [learner.stuck ? 'stuck' : '', state.openLearner === learner.id ? 'selected' : ''].join(' ').trim(), dataset: { learner: learner.id } },
      h('th', { scope: 'row', class: 'col-name' }, button, h('span', { class: 'learner-id' }, learner.id)));
    for (const step of steps) row.append(cellFor(learner, step));
    row.append(stateCell(learner, steps));
    body.append(row);
  }
  table.append(body);

  const totals = progress.totals || {};
  const foot = h('tr', {}, h('th', { scope: 'row', class: 'col-name' }, `Classe (${learners.length})`));
  for (const step of steps) {
    const t = totals[step.id] || {};
    foot.append(h('td', { class: 'totals-cell', dataset: { step: step.id }, title: `${step.title} : ${t.passed || 0} validée(s), ${t.inProgress || 0} en cours, ${t.notStarted || 0} pas commencée(s), ${t.stuck || 0} bloqué(s)` },
      h('span', {}, `✅ ${t.passed || 0}`),
      h('span', {}, `⏳ ${t.inProgress || 0}`),
      t.stuck ? h('span', { class: 'stuck-badge' }, `🆘 ${t.stuck}`) : null,
      srOnly(` — ${t.passed || 0} validée(s), ${t.inProgress || 0} en cours, ${t.notStarted || 0} pas commencée(s), ${t.stuck || 0} bloqué(s)`)));
  }
  foot.append(h('td', { class: 'col-state muted small' }, `Généré à ${clock(progress.generatedAt, true)}`));
  table.append(h('tfoot', {}, foot));

  dom.wrap.scrollLeft = scrollLeft;
  dom.wrap.scrollTop = scrollTop;
  if (focusKey) {
    const again = table.querySelector(`button[data-learner="${CSS.escape(focusKey)}"]`);
    if (again) again.focus({ preventScroll: true });
  }
}

// ---------------------------------------------------------------- détail d'un apprenant

function toggleDetail(learnerId) {
  if (state.openLearner === learnerId) {
    closeDetail();
    return;
  }
  state.openLearner = learnerId;
  state.detail = null;
  updateUrl();
  markSelection();
  const drawer = state.dom.drawer;
  drawer.hidden = false;
  state.dom.layout.classList.add('has-drawer');
  clear(drawer);
  drawer.append(spinner('Chargement du détail…'));
  loadDetail(learnerId, { focus: true });
}

function closeDetail() {
  const previous = state.openLearner;
  state.openLearner = null;
  state.detail = null;
  updateUrl();
  markSelection();
  state.dom.drawer.hidden = true;
  state.dom.layout.classList.remove('has-drawer');
  const button = previous && state.dom.table.querySelector(`button[data-learner="${CSS.escape(previous)}"]`);
  if (button) button.focus();
}

function markSelection() {
  for (const row of state.dom.table.querySelectorAll('tbody tr[data-learner]')) {
    const selected = row.dataset.learner === state.openLearner;
    row.classList.toggle('selected', selected);
    const button = row.querySelector('.learner-button');
    if (button) button.setAttribute('aria-expanded', String(selected));
  }
}

async function loadDetail(learnerId, { focus = false, quiet = false } = {}) {
  const dom = state.dom;
  try {
    const detail = await trainerApi(`/api/progress/${seg(learnerId)}`);
    if (dom !== state.dom || state.openLearner !== learnerId) return;
    state.detail = detail;
    renderDetail(detail, { focus });
  } catch (error) {
    if (error instanceof Handled || dom !== state.dom || state.openLearner !== learnerId) return;
    if (quiet && state.detail) return;
    dom.drawer.hidden = false;
    dom.layout.classList.add('has-drawer');
    clear(dom.drawer);
    dom.drawer.append(h('div', { class: 'drawer-head' }, h('h2', { id: 'drawer-title' }, 'Détail indisponible'), closeButton()),
      h('p', { role: 'alert' }, `⚠️ ${error.message}`));
  }
}

function closeButton() {
  return h('button', { type: 'button', class: 'button', 'aria-label': 'Fermer le détail', onclick: closeDetail }, '✕');
}

function renderDetail(detail, { focus = false } = {}) {
  const drawer = state.dom.drawer;
  const steps = state.progress ? stepsOf(state.progress) : [];
  const stepTitle = (id) => (steps.find((s) => s.id === id) || { title: id }).title;
  const scrollTop = drawer.scrollTop;
  drawer.hidden = false;
  state.dom.layout.classList.add('has-drawer');
  clear(drawer);

  const heading = h('h2', { id: 'drawer-title', tabindex: '-1' }, detail.name || detail.id);
  drawer.append(h('div', { class: 'drawer-head' }, heading, closeButton()));

  const dl = h('dl');
  const row = (term, value) => {
    if (value === null || value === undefined || value === '') return;
    dl.append(h('dt', {}, term), h('dd', {}, value));
  };
  row('Identifiant', h('code', {}, detail.id));
  row('Inscrit', dateTime(detail.createdAt));
  row('Démarré', dateTime(detail.startedAt) || 'pas encore');
  if (detail.completedAt) row('Terminé', dateTime(detail.completedAt));
  if (detail.currentStep) row('Étape actuelle', `${stepTitle(detail.currentStep)} (${duration(detail.timeOnStepSeconds || 0)})`);
  if (detail.stuck) row('Bloqué', detail.stuckReason || 'oui');
  if (detail.lastFailure) row('Dernier échec', `${stepTitle(detail.lastFailure.step)} — ${detail.lastFailure.message || ''} (${ago(detail.lastFailure.at)})`);
  drawer.append(dl);

  const stepRows = steps.map((step) => {
    const sp = (detail.steps && detail.steps[step.id]) || {};
    const status = sp.status === 'passed' ? '✅ validée' : sp.status === 'in_progress' ? (sp.failedInARow ? `❌ ${plural(sp.failedInARow, 'échec')} d'affilée` : '⏳ commencée') : '—';
    return h('tr', {}, h('td', {}, step.title), h('td', {}, status), h('td', {}, String(sp.attempts || 0)));
  });
  drawer.append(h('h3', {}, 'Étapes'),
    h('table', { class: 'steps-table' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Étape'), h('th', { scope: 'col' }, 'État'), h('th', { scope: 'col' }, 'Essais'))),
      h('tbody', {}, stepRows)));

  const history = Array.isArray(detail.history) ? [...detail.history].reverse() : [];
  drawer.append(h('h3', {}, `Historique des vérifications (${history.length})`));
  if (history.length === 0) drawer.append(h('p', { class: 'muted' }, 'Aucune vérification pour l\'instant.'));
  const list = h('ol', { class: 'history' });
  for (const attempt of history) {
    const checks = Array.isArray(attempt.checks) ? attempt.checks : [];
    list.append(h('li', { class: attempt.passed ? 'attempt-ok' : 'attempt-ko' },
      h('div', { class: 'attempt-head' },
        h('span', {}, `${attempt.passed ? '✅' : '❌'} ${stepTitle(attempt.step)}`),
        h('time', { datetime: attempt.at || '' }, clock(attempt.at, true))),
      checks.length
        ? h('ul', {}, checks.map((c) => h('li', {},
          `${c.status === 'passed' ? '✅' : c.status === 'error' ? '⚠️' : '❌'} `,
          h('strong', {}, c.title || c.id || ''), c.message ? ` — ${c.message}` : '')))
        : null));
  }
  drawer.append(list);
  drawer.scrollTop = scrollTop;
  if (focus) heading.focus({ preventScroll: false });
}

// ---------------------------------------------------------------- CSV

async function downloadCsv(button, errorBox) {
  errorBox.textContent = '';
  button.disabled = true;
  try {
    const query = state.lessonId ? `?lesson=${encodeURIComponent(state.lessonId)}` : '';
    const response = await trainerApi(`/api/progress.csv${query}`, { accept: 'text/csv', raw: true });
    const blob = await response.blob();
    const url = URL.createObjectURL(new Blob([blob], { type: 'text/csv;charset=utf-8' }));
    const link = h('a', { href: url, download: 'progression.csv', class: 'sr-only' }, 'progression.csv');
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  } catch (error) {
    if (!(error instanceof Handled)) errorBox.textContent = `Téléchargement impossible : ${error.message}`;
  } finally {
    button.disabled = false;
  }
}

// ---------------------------------------------------------------- démarrage

if (state.token) start();
else askToken(null);

// Échap ferme le détail.
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && state.openLearner && state.dom) closeDetail();
});

