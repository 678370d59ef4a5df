// Vue « étape » : navigation latérale, consigne, observation en direct, vérifications ou quiz (composant
// partagé verify.js), solution, bilan final et pagination.

import { quiet, seg } from '../api.js';
import { h, clear, srOnly, spinner, append, errorPanel } from '../dom.js';
import { duration, parseDate, clock } from '../format.js';
import { renderLessonHtml, resetAnchors } from '../lesson-html.js';
import { renderPendingChecks, renderCheckResults, renderCheckError } from '../checks.js';
import { createQuizForm, markQuiz } from '../quiz.js';
import { createObserver } from '../observe.js';
import { verifyFlow } from '../verify.js';
import { connectLive } from '../live.js';
import { createLiveChecks } from '../live-checks.js';

export function mount(root, ctx, { stepId, focus = false } = {}) {
  const { state } = ctx;
  const cleanups = [];

  // Squelette immédiat : la barre latérale ne clignote pas pendant le chargement.
  const content = h('div', { class: 'step-content' }, spinner('Chargement de l\'étape…'));
  let nav = renderStepNav(ctx, stepId);
  clear(root);
  append(root, h('div', { class: 'step-layout' }, nav, h('main', { id: 'contenu', class: 'step-main', tabindex: '-1' }, content)));

  /** Reconstruit la navigation (statuts) en gardant son état ouvert/fermé. */
  function refreshNav() {
    const wasOpen = nav.classList.contains('open');
    const fresh = renderStepNav(ctx, stepId);
    if (wasOpen) {
      fresh.classList.add('open');
      fresh.querySelector('.nav-toggle').setAttribute('aria-expanded', 'true');
    }
    nav.replaceWith(fresh);
    nav = fresh;
  }

  async function load() {
    let step;
    try {
      step = await ctx.api(ctx.lessonPath(`/steps/${seg(stepId)}`));
      await ctx.refreshMe();
    } catch (error) {
      if (quiet(error, ctx.signal)) return;
      clear(content);
      if (error.status === 404) {
        append(content, [h('h1', {}, 'Étape introuvable'), errorPanel(error.message),
          h('p', {}, ctx.stepLink(null, { class: 'button' }, 'Retour à l\'introduction'))]);
      } else {
        append(content, [h('h1', {}, 'Chargement impossible'), errorPanel(error.message, () => ctx.route({ focus: true }))]);
      }
      ctx.focusMain(focus);
      return;
    }
    if (ctx.signal.aborted) return;
    document.title = `${step.title} — ${state.lesson.title}`;
    refreshNav();
    resetAnchors();
    clear(content);

    const article = h('article', { class: 'markdown step-text' });
    renderLessonHtml(article, step.html, { idPrefix: '' });
    // Si le Markdown de l'étape commence par son propre titre de niveau 1, il sert de titre de page.
    const ownTitle = article.firstElementChild && article.firstElementChild.tagName === 'H1';
    content.append(h('header', { class: 'step-header' },
      h('p', { class: 'kicker' }, `Étape ${step.position} sur ${step.total}`),
      ownTitle ? null : h('h1', {}, step.title)));

    let observer = null;
    if (step.observe) {
      observer = createObserver({
        lessonId: state.lessonId,
        getToken: () => state.learner && state.learner.token,
        onUnauthorized: () => ctx.onUnauthorized(),
      });
      cleanups.push(() => observer.stop());
    }

    // Ordre du DOM = ordre de lecture : consigne, observation, vérification, solution, navigation.
    // Sur grand écran, l'observation passe dans une colonne collante à droite (CSS).
    const flow = h('div', { class: step.observe ? 'step-body with-observe' : 'step-body' }, article);
    if (observer) flow.append(h('div', { class: 'step-aside' }, observer.element));
    content.append(flow);

    const checks = Array.isArray(step.checks) ? step.checks : [];
    const quiz = Array.isArray(step.quiz) && step.quiz.length ? step.quiz : null;
    const sp = ctx.stepProgress(stepId);
    const after = { step, refreshNav };
    // Vérifications en direct : pour une étape à vérifications (pas un quiz), à côté de « Vérifier ».
    const liveChecks = !quiz && checks.length ? createLiveChecks(checks) : null;

    if (quiz) flow.append(renderQuizSection(ctx, after, quiz, sp));
    else if (checks.length) flow.append(renderVerifySection(ctx, after, checks, sp, liveChecks));
    else if (stepId === state.lesson.steps[state.lesson.steps.length - 1].id) flow.append(renderCompletion(ctx));

    if (step.hasSolution) flow.append(renderSolution(ctx, step));

    flow.append(h('nav', { class: 'pager', 'aria-label': 'Navigation entre les étapes' },
      step.previous
        ? ctx.stepLink(step.previous.id, { class: 'pager-link prev', rel: 'prev' }, h('span', { class: 'pager-dir' }, '← Étape précédente'), h('span', { class: 'pager-title' }, step.previous.title))
        : ctx.stepLink(null, { class: 'pager-link prev' }, h('span', { class: 'pager-dir' }, '← Introduction'), h('span', { class: 'pager-title' }, state.lesson.title)),
      step.next
        ? ctx.stepLink(step.next.id, { class: 'pager-link next', rel: 'next' }, h('span', { class: 'pager-dir' }, 'Étape suivante →'), h('span', { class: 'pager-title' }, step.next.title))
        : null));

    ctx.focusMain(focus);
    if (location.hash) {
      const target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
      if (target) target.scrollIntoView();
    }
    if (observer || liveChecks) followLive(ctx, stepId, observer, liveChecks);
  }

  load();
  return () => {
    for (const fn of cleanups.splice(0)) fn();
  };
}

/**
 * Un seul flux en direct par étape nourrit le panneau d'observation (`cluster`) et les vérifications en
 * direct (`checks`). S'il est indisponible, le panneau revient à l'interrogation toutes les 2 s (et la
 * quitte dès que le flux revient) ; le flux se ferme avec la vue (`ctx.signal`).
 */
function followLive(ctx, stepId, observer, liveChecks) {
  connectLive({
    url: ctx.lessonPath(`/live?step=${seg(stepId)}`),
    getToken: () => ctx.state.learner && ctx.state.learner.token,
    signal: ctx.signal,
    onEvent({ type, data }) {
      if (type === 'cluster' && observer) observer.push(data);
      else if (type === 'checks' && liveChecks && data && data.step === stepId) liveChecks.update(data);
    },
    onMode(mode) {
      if (observer) {
        observer.setMode(mode);
        if (mode === 'fallback') observer.start();
        else if (mode === 'live') observer.stop();
      }
      if (liveChecks) liveChecks.setMode(mode);
    },
    onUnauthorized: () => ctx.onUnauthorized(),
  });
}

function renderStepNav(ctx, currentId) {
  const list = h('ol', { class: 'steps-list', id: 'steps-list' });
  const steps = ctx.state.lesson.steps;
  const passedCount = steps.filter((s) => ctx.stepStatus(s.id) === 'passed').length;
  for (const step of steps) {
    const status = ctx.stepStatus(step.id);
    const current = step.id === currentId;
    const icon = status === 'passed' ? '✓' : status === 'in_progress' ? '●' : '○';
    const label = status === 'passed' ? 'validée' : status === 'in_progress' ? 'commencée' : 'pas commencée';
    list.append(h('li', { class: `steps-item status-${status}${current ? ' current' : ''}`, dataset: { step: step.id, status } },
      ctx.stepLink(step.id, { 'aria-current': current ? 'step' : null },
        h('span', { class: 'steps-icon', 'aria-hidden': 'true' }, icon),
        h('span', { class: 'steps-title' }, step.title),
        srOnly(` (${label}${current ? ', étape affichée' : ''})`))));
  }
  const toggle = h('button', {
    type: 'button', class: 'button nav-toggle', 'aria-expanded': 'false', 'aria-controls': 'steps-list',
  }, `☰ Étapes (${passedCount}/${steps.length})`);
  const nav = h('nav', { class: 'steps-nav', 'aria-label': 'Étapes de l\'exercice' },
    toggle,
    h('p', { class: 'steps-heading' }, ctx.stepLink(null, {}, 'Introduction')),
    list);
  toggle.addEventListener('click', () => {
    const open = nav.classList.toggle('open');
    toggle.setAttribute('aria-expanded', String(open));
  });
  return nav;
}

/** Après un résultat : lien vers l'étape suivante si validée, puis progression et navigation à jour. */
async function afterResult(ctx, { step, refreshNav }, summary, passed) {
  if (passed && step.next) summary.append(' ', ctx.stepLink(step.next.id, { class: 'next-inline' }, `Passer à «\u202f${step.next.title}\u202f» →`));
  try {
    await ctx.refreshMe();
  } catch {
    return;
  }
  if (!ctx.signal.aborted) refreshNav();
}

function checkRequest(ctx, step, body) {
  return ctx.api(ctx.lessonPath(`/steps/${seg(step.id)}/check`), { method: 'POST', body });
}

function renderVerifySection(ctx, after, checks, sp, liveChecks) {
  const { step } = after;
  const list = h('ul', { class: 'check-list' });
  const summary = h('p', { class: 'check-summary' });
  const region = h('div', { class: 'check-results', 'aria-live': 'polite', 'aria-atomic': 'false' }, summary, list);
  const button = h('button', { type: 'button', class: 'button primary verify-button' }, 'Vérifier');
  const section = h('section', { class: 'card verify', 'aria-labelledby': 'verify-title' },
    h('h2', { id: 'verify-title' }, 'Vérification'),
    h('p', { class: 'muted small' }, checks.length === 1
      ? 'Une fois la consigne réalisée, lancez la vérification sur votre cluster.'
      : `Une fois la consigne réalisée, lancez les ${checks.length} vérifications sur votre cluster.`),
    region,
    h('div', { class: 'verify-actions' }, button, liveChecks ? liveChecks.element : null));

  renderPendingChecks(list, checks);
  if (sp && sp.lastRun) {
    renderCheckResults({ summary, list }, sp.lastRun, { expected: checks, at: sp.lastRun.at });
  } else if (sp && sp.status === 'passed') {
    summary.className = 'check-summary ok';
    summary.append(h('strong', {}, '🎉 Étape validée\u202f!'));
  }

  const trigger = verifyFlow({
    button, region, idleLabel: 'Vérifier', busyLabel: 'Vérification en cours…', signal: ctx.signal,
    request: () => checkRequest(ctx, step, {}),
    onResult: (result) => afterResult(ctx, after, summary, renderCheckResults({ summary, list }, result, { expected: checks })),
    onError: (message) => renderCheckError({ summary, list }, message),
  });
  button.addEventListener('click', () => trigger());
  return section;
}

function renderQuizSection(ctx, after, questions, sp) {
  const { step } = after;
  const summary = h('p', { class: 'check-summary' });
  const region = h('div', { class: 'check-results', 'aria-live': 'polite' }, summary);
  let trigger = null;
  const { form, button } = createQuizForm(questions, (answers) => trigger(answers));
  trigger = verifyFlow({
    button, region, idleLabel: 'Vérifier mes réponses', busyLabel: 'Correction en cours…', signal: ctx.signal,
    request: (answers) => checkRequest(ctx, step, { answers }),
    onResult: (result) => {
      markQuiz(form, result.checks);
      return afterResult(ctx, after, summary, renderCheckResults({ summary, list: null }, result, { quiz: true }));
    },
    onError: (message) => renderCheckError({ summary, list: null }, message),
  });
  if (sp && sp.lastRun) {
    markQuiz(form, sp.lastRun.checks);
    renderCheckResults({ summary, list: null }, sp.lastRun, { quiz: true, at: sp.lastRun.at });
  }
  return h('section', { class: 'card verify quiz-section', 'aria-labelledby': 'quiz-title' },
    h('h2', { id: 'quiz-title' }, 'Vos réponses'),
    form, region);
}

function renderSolution(ctx, step) {
  const panelId = 'solution-panel';
  const panel = h('div', { id: panelId, class: 'solution-panel markdown', hidden: true });
  const error = h('p', { class: 'form-error', role: 'alert' });
  const button = h('button', { type: 'button', class: 'button solution-toggle', 'aria-expanded': 'false', 'aria-controls': panelId }, 'Voir la solution');
  let loaded = false;

  function setOpen(open) {
    panel.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
    button.textContent = open ? 'Masquer la solution' : 'Voir la solution';
  }

  button.addEventListener('click', async () => {
    if (button.getAttribute('aria-expanded') === 'true') {
      setOpen(false);
      return;
    }
    error.textContent = '';
    if (!loaded) {
      const hadFocus = document.activeElement === button;
      button.disabled = true;
      try {
        const solution = await ctx.api(ctx.lessonPath(`/steps/${seg(step.id)}/solution`));
        renderLessonHtml(panel, solution.html, { idPrefix: 'solution-' });
        loaded = true;
      } catch (e) {
        if (!quiet(e, ctx.signal)) error.textContent = e.message;
      } finally {
        button.disabled = false;
        // Le bouton désactivé pendant le chargement a perdu le focus : il le retrouve.
        if (hadFocus && !ctx.signal.aborted && (document.activeElement === document.body || !document.activeElement)) {
          button.focus({ preventScroll: true });
        }
      }
      if (!loaded) return;
    }
    setOpen(true);
  });
  return h('section', { class: 'solution', 'aria-label': 'Solution' },
    h('p', { class: 'muted small' }, 'Bloqué\u202f? La solution détaillée est disponible, mais essayez d\'abord par vous-même.'),
    button, error, panel);
}

function renderCompletion(ctx) {
  const steps = ctx.state.lesson.steps.filter(ctx.isCheckable);
  const passed = steps.filter((s) => ctx.stepStatus(s.id) === 'passed').length;
  const lp = ctx.lessonProgress();
  const started = lp && parseDate(lp.startedAt);
  const ended = lp && parseDate(lp.completedAt);
  const all = passed === steps.length && steps.length > 0;
  const remaining = steps.filter((s) => ctx.stepStatus(s.id) !== 'passed');
  return h('section', { class: `card completion ${all ? 'ok' : ''}`, 'aria-labelledby': 'completion-title' },
    h('h2', { id: 'completion-title' }, all ? '🏆 Exercice terminé\u202f!' : 'Bilan'),
    h('p', {}, `${passed} étape${passed > 1 ? 's' : ''} validée${passed > 1 ? 's' : ''} sur ${steps.length}.`,
      started && ended ? ` Temps total\u00a0: ${duration((ended - started) / 1000)}.` : ''),
    !all && remaining.length
      ? h('p', {}, 'Il reste à valider\u00a0: ',
        remaining.map((s, i) => [i ? ', ' : '', ctx.stepLink(s.id, {}, s.title)]), '.')
      : null,
    lp && lp.completedAt ? h('p', { class: 'muted small' }, `Terminé à ${clock(lp.completedAt)}.`) : null);
}
