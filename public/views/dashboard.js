// Vue « tableau de bord » : classes (choix, création, archivage), matrice apprenants × étapes, résumé,
// totaux par étape, exports CSV (scripts) et Excel, détail
// d'un apprenant (views/drilldown.js). Actualisation toutes les ~5 s : la matrice est mise à jour nœud par
// nœud (morph), si bien que le focus et l'élément sous le pointeur ne sont jamais remplacés.

import { quiet, seg } from '../api.js';
import { h, clear, srOnly, spinner, append, morph, replaceIfChanged, setTextIfChanged } from '../dom.js';
import { clock, dateTime, duration, ago, plural } from '../format.js';
import { createDrilldown } from './drilldown.js';

const REFRESH_MS = 5000;

export function mount(root, ctx) {
  const { state } = ctx;
  const cleanups = [];
  let dom = null;
  let drill = null;
  let progress = null;
  let loading = false;
  let again = false;
  let auto = true;
  let pointerInside = false;
  /** Étapes de la leçon affichée, avec `checkable` (d'après GET /api/lessons/{id}). */
  let lessonSteps = { id: null, steps: [] };

  function on(target, type, listener) {
    target.addEventListener(type, listener);
    cleanups.push(() => target.removeEventListener(type, listener));
  }

  function steps() {
    const list = progress && Array.isArray(progress.steps) ? progress.steps : [];
    const known = new Map(lessonSteps.steps.map((s) => [s.id, s]));
    return list.map((s) => {
      const info = known.get(s.id);
      return { ...s, checkable: info ? (info.checkCount || 0) > 0 || info.hasQuiz === true : true };
    });
  }

  async function loadLessonSteps() {
    if (!state.lessonId || lessonSteps.id === state.lessonId) return;
    try {
      const lesson = await ctx.api(`/api/lessons/${seg(state.lessonId)}`);
      lessonSteps = { id: state.lessonId, steps: Array.isArray(lesson.steps) ? lesson.steps : [] };
    } catch (error) {
      if (quiet(error, ctx.signal)) throw error;
      // Sans le plan de la leçon, toutes les étapes sont traitées comme vérifiables.
    }
  }

  async function begin() {
    clear(root);
    append(root, h('main', { id: 'contenu', class: 'narrow', tabindex: '-1' }, h('div', { class: 'card' }, spinner('Chargement de la progression…'))));
    try {
      const { lessons } = await ctx.api('/api/lessons');
      state.lessons = lessons || [];
    } catch (error) {
      if (quiet(error, ctx.signal)) return;
      clear(root);
      append(root, h('main', { id: 'contenu', class: 'narrow', tabindex: '-1' },
        h('div', { class: 'card error-panel', role: 'alert' },
          h('p', {}, h('strong', {}, '⚠️ '), error.message),
          h('button', { type: 'button', class: 'button', onclick: begin }, 'Réessayer'))));
      return;
    }
    if (!state.lessons.some((l) => l.id === state.lessonId)) state.lessonId = state.lessons.length ? state.lessons[0].id : null;
    buildShell();
    await refresh({ initial: true });
    // Après la progression : un jeton refusé l'a déjà signalé, sans seconde requête refusée.
    if (ctx.signal.aborted) return;
    await loadClasses();
    if (ctx.signal.aborted) return;
    renderClasses();
    const timer = setInterval(() => {
      if (auto && !document.hidden) refresh();
    }, REFRESH_MS);
    cleanups.push(() => clearInterval(timer));
  }

  function buildShell() {
    // Heure de mise à jour : texte simple, pas une région live (une heure qui change toutes les 5 s
    // serait relue à chaque fois).
    const refreshInfo = h('span', { class: 'refresh-info' });
    const autoBox = h('input', { type: 'checkbox', class: 'toggle-refresh', id: 'auto-refresh', checked: auto });
    autoBox.addEventListener('change', () => {
      auto = autoBox.checked;
      if (auto) refresh();
    });
    const csvButton = h('button', { type: 'button', class: 'button', id: 'csv-download', title: 'CSV séparé par des virgules, pour les scripts' }, '⬇️ CSV');
    const excelButton = h('button', { type: 'button', class: 'button', id: 'excel-download', title: 'Séparateur point-virgule, en-têtes et statuts en français, dates locales' }, '⬇️ Exporter pour Excel');
    const csvError = h('p', { class: 'form-error', role: 'alert' });
    csvButton.addEventListener('click', () => downloadCsv(csvButton, csvError, 'csv'));
    excelButton.addEventListener('click', () => downloadCsv(excelButton, csvError, 'excel'));
    const classBar = h('div', { class: 'class-bar', id: 'class-bar' });

    let lessonSelect = null;
    if (state.lessons.length > 1) {
      lessonSelect = h('select', { id: 'lesson-select' },
        state.lessons.map((l) => h('option', { value: l.id, selected: l.id === state.lessonId }, l.title)));
      lessonSelect.addEventListener('change', () => {
        state.lessonId = lessonSelect.value;
        if (state.openLearner) drill.close();
        ctx.updateUrl();
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
    append(root, h('main', { id: 'contenu', tabindex: '-1' },
      h('div', { class: 'trainer-toolbar' },
        title,
        lessonSelect ? h('label', { for: 'lesson-select' }, 'Exercice', lessonSelect) : null,
        h('label', { for: 'auto-refresh' }, autoBox, 'Actualisation automatique'),
        refreshInfo,
        csvButton,
        excelButton),
      classBar, csvError, errorBox, corrupt, stats, layout));
    dom = { refreshInfo, stats, table, wrap, drawer, layout, corrupt, errorBox, title, classBar };
    renderClasses();

    drill = createDrilldown(ctx, { drawer, layout, table, steps, onSelection: markSelection, onErased: () => refresh() });
    wrap.addEventListener('pointerenter', () => { pointerInside = true; });
    wrap.addEventListener('pointerleave', () => {
      pointerInside = false;
      // L'ordre gelé pendant le survol est rétabli dès que le pointeur (et le focus) quittent la matrice.
      if (progress && !wrap.contains(document.activeElement)) renderProgress();
    });
    // Un seul écouteur pour tous les noms : il lit l'apprenant sur le bouton (les lignes sont recyclées).
    table.addEventListener('click', (event) => {
      const button = event.target.closest('.learner-button');
      if (button) drill.open(button.dataset.learner);
    });
  }

  async function refresh({ initial = false } = {}) {
    if (!dom) return;
    if (loading) {
      // Un changement (classe, leçon) pendant une requête : une nouvelle requête suivra celle-ci.
      again = true;
      return;
    }
    loading = true;
    try {
      await loadLessonSteps();
      progress = await ctx.api(`/api/progress${progressQuery()}`);
      dom.errorBox.hidden = true;
      renderProgress();
      syncClassSelect();
      dom.refreshInfo.textContent = `Mis à jour à ${clock(new Date().toISOString(), true)}`;
      if (initial) drill.restore();
      else drill.refresh();
      if (initial) dom.title.focus({ preventScroll: true });
    } catch (error) {
      if (quiet(error, ctx.signal)) return;
      dom.errorBox.hidden = false;
      setTextIfChanged(dom.errorBox, `⚠️ ${error.message} (nouvel essai automatique dans quelques secondes)`);
    } finally {
      loading = false;
      if (again && !ctx.signal.aborted) {
        again = false;
        refresh();
      }
    }
  }

  function markSelection() {
    for (const row of dom.table.querySelectorAll('tbody tr[data-learner]')) {
      const selected = row.dataset.learner === state.openLearner;
      row.classList.toggle('selected', selected);
      const button = row.querySelector('.learner-button');
      if (button) button.setAttribute('aria-expanded', String(selected));
    }
  }

  function renderProgress() {
    const all = steps();
    const learners = Array.isArray(progress.learners) ? progress.learners : [];
    const lesson = state.lessons.find((l) => l.id === progress.lesson);
    document.getElementById('lesson-title').textContent = lesson ? lesson.title : 'Tableau de bord formateur';

    // Bandeau des fichiers de progression corrompus (région d'alerte : réécrite seulement si elle change).
    const corrupt = Array.isArray(progress.corruptFiles) ? progress.corruptFiles : [];
    dom.corrupt.hidden = corrupt.length === 0;
    replaceIfChanged(dom.corrupt, corrupt.length
      ? [h('strong', {}, '⚠️ Fichiers de progression illisibles mis de côté\u00a0: '),
        h('ul', {}, corrupt.map((c) => h('li', {}, h('code', {}, c.file || '?'), ' → ', h('code', {}, c.movedTo || '?'), c.at ? ` (${dateTime(c.at)})` : '')))]
      : []);

    const stuck = learners.filter((l) => l.stuck).length;
    const done = learners.filter((l) => l.completedAt).length;
    const started = learners.filter((l) => l.startedAt).length;
    morph(dom.stats, h('ul', { class: 'stats', 'aria-label': 'Résumé de la classe' },
      h('li', {}, h('strong', {}, String(learners.length)), plural(learners.length, 'apprenant').replace(/^\d+ /, '')),
      h('li', {}, h('strong', {}, String(started)), 'ont démarré'),
      h('li', {}, h('strong', {}, String(done)), 'ont terminé'),
      h('li', { class: stuck ? 'stat-stuck' : null }, h('strong', {}, String(stuck)), stuck > 1 ? 'bloqués' : 'bloqué')));

    const table = h('table', { class: 'matrix', id: 'progress-matrix' });
    table.append(h('caption', { id: 'matrix-caption', class: 'sr-only' }, 'Progression des apprenants par étape'));
    const headRow = h('tr', {}, h('th', { scope: 'col', class: 'col-name' }, 'Apprenant'));
    all.forEach((step, i) => headRow.append(h('th', { scope: 'col', title: step.title, dataset: { step: step.id } },
      h('span', { class: 'step-head' }, h('span', { class: 'step-num', 'aria-hidden': 'true' }, String(i + 1)), h('span', { class: 'step-name' }, step.title)))));
    headRow.append(h('th', { scope: 'col', class: 'col-state' }, 'État'));
    table.append(h('thead', {}, headRow));

    const body = h('tbody');
    if (learners.length === 0) {
      body.append(h('tr', {}, h('td', { colspan: String(all.length + 2), class: 'empty-state' },
        'Aucun apprenant inscrit pour l\'instant. Les apprenants apparaissent ici dès qu\'ils saisissent leur nom.')));
    }
    for (const learner of rowOrder(learners)) {
      const open = state.openLearner === learner.id;
      const button = h('button', {
        type: 'button', class: 'learner-button', dataset: { learner: learner.id },
        'aria-expanded': String(open), 'aria-controls': 'learner-drawer',
      }, learner.name || learner.id);
      const row = h('tr', { class: [learner.stuck ? 'stuck' : '', open ? 'selected' : ''].join(' ').trim() || null, dataset: { learner: learner.id, key: learner.id } },
        h('th', { scope: 'row', class: 'col-name' }, button));
      for (const step of all) row.append(cellFor(learner, step));
      row.append(stateCell(learner, all));
      body.append(row);
    }
    table.append(body);

    const totals = progress.totals || {};
    const foot = h('tr', {}, h('th', { scope: 'row', class: 'col-name' }, `Classe (${learners.length})`));
    for (const step of all) {
      const t = totals[step.id] || {};
      if (!step.checkable) {
        foot.append(h('td', { class: 'totals-cell', dataset: { step: step.id }, title: `${step.title}\u00a0: sans vérification` },
          h('span', { 'aria-hidden': 'true' }, '—'), srOnly('sans vérification')));
        continue;
      }
      const summary = `${t.passed || 0} validée(s), ${t.inProgress || 0} en cours, ${t.notStarted || 0} pas commencée(s), ${t.stuck || 0} bloqué(s)`;
      foot.append(h('td', { class: 'totals-cell', dataset: { step: step.id }, title: `${step.title}\u00a0: ${summary}` },
        h('span', {}, `✅ ${t.passed || 0}`),
        h('span', {}, `⏳ ${t.inProgress || 0}`),
        t.stuck ? h('span', { class: 'stuck-badge' }, `🆘 ${t.stuck}`) : null,
        srOnly(` — ${summary}`)));
    }
    foot.append(h('td', { class: 'col-state muted small' }, `Généré à ${clock(progress.generatedAt, true)}`));
    table.append(h('tfoot', {}, foot));

    morph(dom.table, table);
  }

  /**
   * Ordre des lignes : bloqués d'abord, puis par nom. Tant que le pointeur ou le focus est dans la matrice,
   * l'ordre affiché est gardé (les nouveaux venus s'ajoutent à la fin) : rien ne bouge sous la souris.
   */
  function rowOrder(learners) {
    const sorted = [...learners].sort((a, b) => (b.stuck === true) - (a.stuck === true) || String(a.name).localeCompare(String(b.name), 'fr'));
    if (!(pointerInside || dom.wrap.contains(document.activeElement))) return sorted;
    const shown = [...dom.table.querySelectorAll('tbody tr[data-key]')].map((tr) => tr.dataset.key);
    const rank = new Map(shown.map((key, i) => [key, i]));
    const kept = sorted.filter((l) => rank.has(l.id)).sort((a, b) => rank.get(a.id) - rank.get(b.id));
    return kept.concat(sorted.filter((l) => !rank.has(l.id)));
  }

  function cellFor(learner, step) {
    const sp = (learner.steps && learner.steps[step.id]) || { status: 'not_started', attempts: 0, failedInARow: 0 };
    const td = h('td', { class: 'cell', dataset: { step: step.id, status: sp.status || 'not_started' } });
    let description;
    if (!step.checkable) {
      // Étape sans vérification : rien à valider, donc ni « en cours » ni « validée ».
      td.classList.add('cell-none');
      td.append(h('span', { 'aria-hidden': 'true' }, '—'));
      description = sp.status && sp.status !== 'not_started' ? 'sans vérification, consultée' : 'sans vérification';
    } else {
      const isCurrent = learner.currentStep === step.id && sp.status !== 'passed' && !learner.completedAt;
      const attempts = sp.attempts || 0;
      const failing = sp.status !== 'passed' && (sp.failedInARow || 0) > 0;
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
    }
    td.title = `${learner.name} — ${step.title}\u00a0: ${description}`;
    td.append(srOnly(description));
    return td;
  }

  function stateCell(learner, all) {
    const td = h('td', { class: 'col-state' });
    const stepTitle = (id) => (all.find((s) => s.id === id) || { title: id }).title;
    if (learner.stuck) {
      td.append(h('span', { class: 'state-line' }, h('span', { class: 'stuck-badge' }, '🆘 Bloqué'), learner.stuckReason ? `\u00a0: ${learner.stuckReason}` : ''));
    } else if (learner.completedAt) {
      td.append(h('span', { class: 'state-line' }, `🏁 Terminé à ${clock(learner.completedAt)}`));
    } else if (learner.currentStep) {
      td.append(h('span', { class: 'state-line' }, `En cours\u00a0: ${stepTitle(learner.currentStep)} (${duration(learner.timeOnStepSeconds || 0)})`));
    } else if (learner.startedAt) {
      td.append(h('span', { class: 'state-line' }, 'Démarré'));
    } else {
      td.append(h('span', { class: 'state-line muted' }, 'Pas encore démarré'));
    }
    const failure = learner.lastFailure;
    if (failure && (learner.stuck || (learner.steps && learner.steps[failure.step] && learner.steps[failure.step].status !== 'passed'))) {
      td.append(h('span', { class: 'state-failure', title: failure.message || '' },
        `Dernier échec (${stepTitle(failure.step)}, ${ago(failure.at)})\u00a0: `,
        failure.message || ''));
    }
    return td;
  }

  /** `?lesson=…&class=…` des vues formateur (sans `class`, le serveur montre la classe la plus récente). */
  function progressQuery(extra = {}) {
    const params = new URLSearchParams();
    if (state.lessonId) params.set('lesson', state.lessonId);
    if (state.classId) params.set('class', state.classId);
    for (const [key, value] of Object.entries(extra)) params.set(key, value);
    const text = params.toString();
    return text ? `?${text}` : '';
  }

  async function downloadCsv(button, errorBox, format) {
    errorBox.textContent = '';
    button.disabled = true;
    try {
      const response = await ctx.api(`/api/progress.csv${progressQuery(format === 'excel' ? { format } : {})}`, { accept: 'text/csv', raw: true });
      const blob = await response.blob();
      // Le nom donné par le serveur (leçon, classe, fuseau horaire pour Excel).
      const disposition = response.headers.get('Content-Disposition') || '';
      const named = /filename="([^"]+)"/.exec(disposition);
      const fileName = named ? named[1] : (format === 'excel' ? 'progression-excel.csv' : 'progression.csv');
      const url = URL.createObjectURL(new Blob([blob], { type: 'text/csv;charset=utf-8' }));
      const link = h('a', { href: url, download: fileName, class: 'sr-only' }, fileName);
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    } catch (error) {
      if (!quiet(error, ctx.signal)) errorBox.textContent = `Téléchargement impossible\u00a0: ${error.message}`;
    } finally {
      button.disabled = false;
    }
  }

  // ------------------------------------------------------------------ classes

  async function loadClasses() {
    try {
      const { classes } = await ctx.api('/api/classes');
      state.classes = Array.isArray(classes) ? classes : [];
    } catch (error) {
      if (quiet(error, ctx.signal)) return;
      state.classes = state.classes || [];
    }
  }

  /** La classe affichée : celle choisie, sinon celle que le serveur a prise par défaut. */
  function shownClassId() {
    if (state.classId) return state.classId;
    if (progress && progress.class) return progress.class.id;
    return (state.classes || []).length ? 'all' : '';
  }

  function syncClassSelect() {
    const select = dom && dom.classBar.querySelector('#class-select');
    if (select && document.activeElement !== select && select.value !== shownClassId()) renderClasses();
  }

  /** Barre des classes : choix, code à afficher aux apprenants, archivage, création. Reconstruite à chaque changement de classe. */
  function renderClasses(message = null) {
    const classes = state.classes || [];
    const shown = shownClassId();
    const current = classes.find((c) => c.id === shown) || null;
    const children = [];
    if (classes.length) {
      const select = h('select', { id: 'class-select' },
        classes.map((c) => h('option', { value: c.id, selected: c.id === shown }, `${c.name}${c.archivedAt ? ' (archivée)' : ''} — ${plural(c.learners || 0, 'apprenant')}`)),
        h('option', { value: 'all', selected: shown === 'all' }, 'Toutes les classes'),
        h('option', { value: 'none', selected: shown === 'none' }, 'Sans classe'));
      select.addEventListener('change', () => {
        state.classId = select.value;
        if (state.openLearner) drill.close();
        ctx.updateUrl();
        renderClasses();
        refresh();
      });
      children.push(h('label', { for: 'class-select' }, 'Classe', select));
      if (current && !current.archivedAt) {
        children.push(h('span', { class: 'class-code' }, 'Code à donner aux apprenants\u00A0: ', h('code', { id: 'class-code' }, current.code)));
        const archive = h('button', { type: 'button', class: 'button', id: 'archive-class' }, 'Archiver la classe');
        archive.addEventListener('click', () => archiveClass(current));
        children.push(archive);
      }
    }
    const nameInput = h('input', { id: 'new-class-name', type: 'text', maxlength: '80', required: true, placeholder: 'Ex. Groupe B — 26 novembre', 'aria-describedby': 'new-class-error' });
    const create = h('button', { type: 'submit', class: 'button primary' }, 'Créer');
    const error = h('p', { class: 'form-error', role: 'alert', id: 'new-class-error' });
    const form = h('form', { class: 'new-class-form', id: 'new-class-form', novalidate: true },
      h('label', { for: 'new-class-name' }, 'Nouvelle classe'), nameInput, create, error);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      createClass(nameInput, create, error);
    });
    children.push(form);
    if (message) children.push(h('p', { class: 'notice info', role: 'status', id: 'class-message' }, message));
    dom.classBar.replaceChildren(...children);
  }

  async function createClass(input, button, error) {
    const name = input.value.trim();
    error.textContent = '';
    if (!name) {
      error.textContent = 'Donnez un nom à la classe.';
      input.focus();
      return;
    }
    button.disabled = true;
    try {
      const created = await ctx.api('/api/classes', { method: 'POST', body: { name } });
      await loadClasses();
      state.classId = created.id;
      if (state.openLearner) drill.close();
      ctx.updateUrl();
      renderClasses(`Classe «\u202F${created.name}\u202F» créée\u00A0: les apprenants saisissent le code ${created.code} en s'inscrivant.`);
      await refresh();
      const select = dom.classBar.querySelector('#class-select');
      if (select) select.focus();
    } catch (e) {
      if (quiet(e, ctx.signal)) return;
      button.disabled = false;
      error.textContent = e.message;
      input.focus();
    }
  }

  async function archiveClass(record) {
    if (!window.confirm(`Archiver la classe «\u202F${record.name}\u202F»\u202F? Son code n'acceptera plus de nouvel apprenant\u202F; sa progression reste consultable.`)) return;
    try {
      await ctx.api(`/api/classes/${seg(record.id)}/archive`, { method: 'POST' });
      await loadClasses();
      renderClasses(`Classe «\u202F${record.name}\u202F» archivée.`);
      await refresh();
    } catch (e) {
      if (quiet(e, ctx.signal)) return;
      renderClasses(`⚠️ ${e.message}`);
    }
  }

  on(document, 'visibilitychange', () => {
    if (!document.hidden && auto && dom) refresh();
  });
  // Échap ferme le détail.
  on(document, 'keydown', (event) => {
    if (event.key === 'Escape' && state.openLearner && drill) drill.close();
  });

  begin();
  return () => {
    for (const fn of cleanups.splice(0)) fn();
  };
}
