// Application apprenant : inscription, introduction, étapes, vérifications, quiz,
// observation en direct. L'étape courante est dans l'URL (`?etape=<id>`) ; l'état vient du serveur.

import { apiFetch, seg } from './api.js';
import { h, clear, srOnly, spinner, append } from './dom.js';
import { duration, stopwatch, parseDate, clock, plural } from './format.js';
import { renderLessonHtml, resetAnchors } from './lesson-html.js';
import { renderPendingChecks, renderCheckResults, renderCheckError } from './checks.js';
import { createQuizForm, markQuiz } from './quiz.js';
import { createObserver } from './observe.js';

const STORAGE_KEY = 'atelier.learner';
const ENV_POLL_MS = 3000;
const ENV_POLL_MAX = 40; // ~2 minutes d'attente automatique, puis « Réessayer »

const root = document.getElementById('app');
const ui = {
  lessonTitle: document.getElementById('lesson-title'),
  learnerBox: document.getElementById('learner-box'),
  learnerName: document.getElementById('learner-name'),
  changeLearner: document.getElementById('change-learner'),
  progressBox: document.getElementById('progress-box'),
  progress: document.getElementById('progress'),
  progressBar: document.getElementById('progress-bar'),
  progressText: document.getElementById('progress-text'),
  timer: document.getElementById('timer'),
  brand: document.getElementById('brand'),
};

const state = {
  lessonId: null,
  lesson: null,
  learner: loadLearner(),
  me: null,
  view: null,
  stepId: null,
  seq: 0,
  cleanups: [],
  notice: null,
};

// ---------------------------------------------------------------- stockage local

function loadLearner() {
  try {
    const value = JSON.parse(localStorage.getItem(STORAGE_KEY));
    if (value && typeof value.id === 'string' && typeof value.token === 'string') return value;
  } catch {
    // valeur illisible : on repart de zéro
  }
  return null;
}

function saveLearner(learner) {
  state.learner = learner;
  if (learner) localStorage.setItem(STORAGE_KEY, JSON.stringify({ id: learner.id, name: learner.name, token: learner.token }));
  else localStorage.removeItem(STORAGE_KEY);
}

// ---------------------------------------------------------------- API apprenant

class Handled extends Error {}

/** Appel authentifié : un 401 renvoie au formulaire de nom avec une explication. */
async function learnerApi(path, options = {}) {
  try {
    return await apiFetch(path, { ...options, token: state.learner && state.learner.token });
  } catch (error) {
    if (error && error.unauthorized) {
      onUnauthorized();
      throw new Handled('unauthorized');
    }
    throw error;
  }
}

function onUnauthorized() {
  saveLearner(null);
  state.me = null;
  state.notice = 'Le serveur ne reconnaît plus votre session (les données ont peut-être été réinitialisées). Saisissez votre nom pour reprendre l\'exercice.';
  route();
}

async function refreshMe() {
  state.me = await learnerApi('/api/me');
  updateHeader();
  return state.me;
}

function lessonProgress() {
  const lessons = (state.me && state.me.lessons) || {};
  return lessons[state.lessonId] || null;
}

function stepProgress(stepId) {
  const lp = lessonProgress();
  return (lp && lp.steps && lp.steps[stepId]) || null;
}

function stepStatus(stepId) {
  const sp = stepProgress(stepId);
  return (sp && sp.status) || 'not_started';
}

function isCheckable(step) {
  return (step.checkCount || 0) > 0 || step.hasQuiz === true;
}

// ---------------------------------------------------------------- en-tête

function updateHeader() {
  const learner = state.learner;
  ui.learnerBox.hidden = !learner;
  ui.learnerName.textContent = learner ? learner.name : '';

  const steps = (state.lesson && state.lesson.steps) || [];
  const checkable = steps.filter(isCheckable);
  const lp = lessonProgress();
  const show = Boolean(learner && state.lesson && checkable.length && lp && (lp.startedAt || Object.keys(lp.steps || {}).length));
  ui.progressBox.hidden = !show;
  if (show) {
    const passed = checkable.filter((s) => stepStatus(s.id) === 'passed').length;
    ui.progress.setAttribute('aria-valuemax', String(checkable.length));
    ui.progress.setAttribute('aria-valuenow', String(passed));
    ui.progress.setAttribute('aria-valuetext', `${passed} étapes validées sur ${checkable.length}`);
    ui.progressBar.style.width = `${Math.round((passed / checkable.length) * 100)}%`;
    ui.progressText.textContent = `${passed}/${checkable.length} étapes validées`;
  }
  updateTimer();
}

function updateTimer() {
  const lp = lessonProgress();
  const started = lp && parseDate(lp.startedAt);
  if (!state.learner || !started || !state.lesson) {
    ui.timer.hidden = true;
    return;
  }
  const end = parseDate(lp.completedAt) || new Date();
  const elapsed = Math.max(0, (end.getTime() - started.getTime()) / 1000);
  const estimate = (state.lesson.durationMinutes || 0) * 60;
  ui.timer.hidden = false;
  ui.timer.classList.toggle('over', estimate > 0 && elapsed > estimate);
  ui.timer.textContent = '';
  append(ui.timer, [
    h('span', { 'aria-hidden': 'true' }, '⏱️ '),
    srOnly(lp.completedAt ? 'Temps total : ' : 'Temps écoulé : '),
    h('span', { class: 'timer-value' }, stopwatch(elapsed)),
    estimate ? ` / ${state.lesson.durationMinutes} min` : '',
    estimate ? srOnly(' estimées') : '',
  ]);
}
setInterval(updateTimer, 1000);

ui.changeLearner.addEventListener('click', () => {
  state.notice = null;
  showRegister({ changing: true });
});

ui.brand.addEventListener('click', (event) => {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  event.preventDefault();
  navigate(null);
});

// ---------------------------------------------------------------- routage

function currentStepParam() {
  return new URLSearchParams(location.search).get('etape');
}

function stepUrl(stepId) {
  const url = new URL(location.href);
  url.hash = '';
  if (stepId) url.searchParams.set('etape', stepId);
  else url.searchParams.delete('etape');
  return `${url.pathname}${url.search}`;
}

function navigate(stepId, { replace = false } = {}) {
  const target = stepUrl(stepId);
  if (replace) history.replaceState(null, '', target);
  else history.pushState(null, '', target);
  route({ focus: true });
}

window.addEventListener('popstate', () => {
  const step = currentStepParam();
  // Un simple changement d'ancre (#section) ne doit pas recharger la vue.
  if (state.view === 'step' && step === state.stepId) return;
  if (state.view === 'intro' && !step) return;
  route({ focus: true });
});

function runCleanups() {
  for (const fn of state.cleanups.splice(0)) {
    try {
      fn();
    } catch {
      // rien
    }
  }
}

function route({ focus = false } = {}) {
  runCleanups();
  state.seq += 1;
  if (!state.learner) {
    showRegister();
    return;
  }
  const step = currentStepParam();
  if (step) showStep(step, { focus });
  else showIntro({ focus });
}

/** Lien interne (étape) : navigation sans rechargement, Ctrl+clic toujours possible. */
function stepLink(stepId, attrs, ...children) {
  return h('a', {
    ...attrs,
    href: stepUrl(stepId),
    onclick: (event) => {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      navigate(stepId);
    },
  }, ...children);
}

function focusMain(focus) {
  const heading = root.querySelector('h1');
  if (focus && heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: true });
  }
  if (!location.hash) window.scrollTo(0, 0);
}

function setMain(...children) {
  clear(root);
  append(root, children);
}

function errorPanel(message, retry) {
  return h('div', { class: 'card error-panel', role: 'alert' },
    h('p', {}, h('strong', {}, '⚠️ '), message),
    retry ? h('button', { type: 'button', class: 'button', onclick: retry }, 'Réessayer') : null);
}

// ---------------------------------------------------------------- inscription

function showRegister({ changing = false } = {}) {
  runCleanups();
  state.view = 'register';
  state.seq += 1;
  updateHeader();
  if (changing) ui.learnerBox.hidden = true;
  const input = h('input', {
    id: 'learner-name-input', name: 'name', type: 'text', required: true, maxlength: '80',
    autocomplete: 'name', spellcheck: 'false', 'aria-describedby': 'name-help',
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
        ? h('button', { type: 'button', class: 'button', onclick: () => { updateHeader(); route({ focus: true }); } }, 'Annuler')
        : null));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const name = input.value.trim();
    error.textContent = '';
    if (!name) {
      error.textContent = 'Indiquez votre nom pour commencer.';
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return;
    }
    input.removeAttribute('aria-invalid');
    submit.disabled = true;
    submit.replaceChildren(spinner('Enregistrement…'));
    try {
      const learner = await apiFetch('/api/learners', { method: 'POST', body: { name } });
      saveLearner(learner);
      state.notice = null;
      state.me = null;
      try {
        await refreshMe();
      } catch (e) {
        if (e instanceof Handled) return;
      }
      route({ focus: true });
    } catch (e) {
      error.textContent = e.message;
      input.setAttribute('aria-invalid', 'true');
      submit.disabled = false;
      submit.textContent = 'Commencer';
      input.focus();
    }
  });

  setMain(h('main', { id: 'contenu', class: 'narrow', tabindex: '-1' },
    h('section', { class: 'card register' },
      h('h1', {}, changing ? 'Changer d\'apprenant' : 'Bienvenue dans l\'Atelier'),
      state.lesson ? h('p', { class: 'lead' }, state.lesson.title) : null,
      state.notice ? h('p', { class: 'notice warning', role: 'alert' }, state.notice) : null,
      changing
        ? h('p', { class: 'muted' }, 'La progression de ', h('strong', {}, state.learner ? state.learner.name : ''),
          ' reste enregistrée sur le serveur, mais ce navigateur ne s\'en souviendra plus.')
        : h('p', {}, 'Saisissez votre nom : votre progression sera enregistrée et visible par votre formateur.'),
      form)));
  input.focus();
}

// ---------------------------------------------------------------- introduction

function showIntro({ focus = false } = {}) {
  state.view = 'intro';
  state.stepId = null;
  const seq = state.seq;
  const lesson = state.lesson;
  document.title = `${lesson.title} — Atelier`;
  resetAnchors();

  const lp = lessonProgress();
  const started = Boolean(lp && lp.startedAt);
  const firstStep = lesson.steps[0];
  const resumeStep = (lp && lp.currentStep) || (firstStep && firstStep.id);

  const envStatus = h('div', { class: 'env-status', role: 'status', 'aria-live': 'polite' });
  const envDetails = h('ul', { class: 'env-checks' });
  const retry = h('button', { type: 'button', class: 'button', hidden: true }, 'Réessayer');
  const startButton = h('button', { type: 'button', class: 'button primary big start-button', disabled: true },
    started ? 'Reprendre' : 'Start');
  const startError = h('p', { class: 'form-error', role: 'alert' });
  const startHelp = h('p', { class: 'muted small start-help' },
    started ? `Vous reprendrez à l'étape « ${stepTitle(resumeStep)} ».` : 'Le bouton s\'active dès que l\'environnement est prêt.');

  const intro = h('article', { class: 'markdown intro-text' });
  renderLessonHtml(intro, lesson.introductionHtml, { idPrefix: 'intro-' });

  const objectives = h('ul', { class: 'objectives' });
  for (const objective of lesson.objectives || []) objectives.append(h('li', {}, objective));

  const files = (lesson.files || []).length
    ? h('section', { class: 'card files' }, h('h2', {}, 'Fichiers de l\'exercice'),
      h('ul', {}, lesson.files.map((f) => h('li', {}, h('a', { href: f.url, download: f.name }, f.name)))))
    : null;

  // Le texte d'introduction commence souvent par son propre titre de niveau 1 : on le garde comme titre de page.
  const introHasTitle = intro.firstElementChild && intro.firstElementChild.tagName === 'H1';
  setMain(h('main', { id: 'contenu', class: 'intro-layout', tabindex: '-1' },
    h('div', { class: 'intro-main' },
      h('p', { class: 'kicker' }, 'Introduction'),
      introHasTitle ? null : h('h1', {}, lesson.title),
      intro),
    h('aside', { class: 'intro-side', 'aria-label': 'Démarrage' },
      h('section', { class: 'card start-card' },
        h('h2', {}, 'Votre environnement'),
        envStatus, envDetails,
        h('div', { class: 'start-actions' }, startButton, retry),
        startHelp, startError),
      h('section', { class: 'card' },
        h('h2', {}, 'Objectifs'), objectives,
        h('p', { class: 'duration' }, h('span', { 'aria-hidden': 'true' }, '⏱️ '), 'Durée estimée : ', h('strong', {}, `${lesson.durationMinutes} min`)),
        h('p', { class: 'muted small' }, plural(lesson.steps.length, 'étape'), ` · ${lesson.steps.filter(isCheckable).length} à valider`)),
      files)));
  focusMain(focus);

  // Sondage de l'environnement toutes les ~3 s jusqu'à « ready ».
  let timer = null;
  let polls = 0;
  let ready = false;
  let alive = true;
  state.cleanups.push(() => {
    alive = false;
    clearTimeout(timer);
  });

  function setPreparing(extra) {
    clear(envStatus);
    envStatus.className = 'env-status preparing';
    envStatus.append(spinner('⏳ Préparation de l\'environnement…'));
    if (extra) envStatus.append(h('p', { class: 'muted small' }, extra));
  }

  async function poll() {
    timer = null;
    if (!alive || seq !== state.seq) return;
    polls += 1;
    retry.hidden = true;
    try {
      const env = await learnerApi('/api/environment');
      if (!alive) return;
      renderEnv(env);
    } catch (error) {
      if (error instanceof Handled || !alive) return;
      ready = false;
      clear(envDetails);
      clear(envStatus);
      envStatus.className = 'env-status failed';
      envStatus.append(h('p', {}, h('strong', {}, '⚠️ '), error.message));
      retry.hidden = false;
    }
    updateStart();
    if (!ready && alive && polls < ENV_POLL_MAX) timer = setTimeout(poll, ENV_POLL_MS);
    else if (!ready && alive) {
      envStatus.append(h('p', { class: 'small' }, 'L\'environnement n\'est toujours pas prêt : corrigez le problème indiqué, puis cliquez sur « Réessayer ».'));
    }
  }

  function renderEnv(env) {
    ready = env.ready === true;
    clear(envStatus);
    clear(envDetails);
    if (ready) {
      envStatus.className = 'env-status ready';
      envStatus.append(h('p', { class: 'env-ready' }, env.message || '✅ Ready!'));
      return;
    }
    envStatus.className = 'env-status not-ready';
    envStatus.append(spinner('⏳ Préparation de l\'environnement…'));
    if (env.message) envStatus.append(h('p', { class: 'env-message' }, env.message));
    for (const check of env.checks || []) {
      if (check.status === 'passed') continue;
      const icon = check.status === 'failed' ? '❌' : check.status === 'error' ? '⚠️' : '⏳';
      envDetails.append(h('li', { class: `env-check env-${check.status}` },
        h('span', { 'aria-hidden': 'true' }, `${icon} `),
        h('strong', {}, check.title || check.id), check.message ? ` : ${check.message}` : ''));
    }
    retry.hidden = false;
  }

  function updateStart() {
    startButton.disabled = !(ready || started);
    if (ready && !started) startHelp.textContent = 'Tout est prêt : cliquez sur Start pour lancer le chronomètre et ouvrir la première étape.';
  }

  retry.addEventListener('click', () => {
    clearTimeout(timer);
    polls = 0;
    setPreparing();
    poll();
  });

  startButton.addEventListener('click', async () => {
    startError.textContent = '';
    if (started) {
      navigate(resumeStep);
      return;
    }
    startButton.disabled = true;
    try {
      await learnerApi(`/api/lessons/${seg(state.lessonId)}/start`, { method: 'POST', body: {} });
      await refreshMe();
      const lpNow = lessonProgress();
      navigate((lpNow && lpNow.currentStep) || firstStep.id);
    } catch (error) {
      if (error instanceof Handled) return;
      startError.textContent = error.message;
      startButton.disabled = false;
    }
  });

  setPreparing();
  updateStart();
  poll();
}

function stepTitle(stepId) {
  const step = state.lesson.steps.find((s) => s.id === stepId);
  return step ? step.title : stepId;
}

// ---------------------------------------------------------------- étape

async function showStep(stepId, { focus = false } = {}) {
  state.view = 'step';
  state.stepId = stepId;
  const seq = state.seq;
  const lessonId = state.lessonId;

  // Squelette immédiat : la barre latérale ne clignote pas pendant le chargement.
  const content = h('div', { class: 'step-content' }, spinner('Chargement de l\'étape…'));
  const nav = renderStepNav(stepId);
  setMain(h('div', { class: 'step-layout' }, nav, h('main', { id: 'contenu', class: 'step-main', tabindex: '-1' }, content)));

  let step;
  try {
    step = await learnerApi(`/api/lessons/${seg(lessonId)}/steps/${seg(stepId)}`);
    await refreshMe();
  } catch (error) {
    if (error instanceof Handled || seq !== state.seq) return;
    clear(content);
    if (error.status === 404) {
      content.append(h('h1', {}, 'Étape introuvable'), errorPanel(error.message),
        h('p', {}, stepLink(null, { class: 'button' }, 'Retour à l\'introduction')));
    } else {
      content.append(h('h1', {}, 'Chargement impossible'), errorPanel(error.message, () => route({ focus: true })));
    }
    focusMain(focus);
    return;
  }
  if (seq !== state.seq) return;
  document.title = `${step.title} — ${state.lesson.title}`;
  nav.replaceWith(renderStepNav(stepId));
  resetAnchors();

  clear(content);
  const article = h('article', { class: 'markdown step-text' });
  renderLessonHtml(article, step.html, { idPrefix: '' });

  // Si le Markdown de l'étape commence par son propre titre de niveau 1, il sert de titre de page.
  const ownTitle = article.firstElementChild && article.firstElementChild.tagName === 'H1';
  const header = h('header', { class: 'step-header' },
    h('p', { class: 'kicker' }, `Étape ${step.position} sur ${step.total}`),
    ownTitle ? null : h('h1', {}, step.title));
  content.append(header);

  let observer = null;
  if (step.observe) {
    observer = createObserver({ lessonId, getToken: () => state.learner && state.learner.token, onUnauthorized });
    state.cleanups.push(() => observer.stop());
  }

  // Ordre du DOM = ordre de lecture : consigne, observation, vérification, solution, navigation.
  // Sur grand écran, l'observation passe dans une colonne collante à droite (CSS).
  const flow = h('div', { class: step.observe ? 'step-body with-observe' : 'step-body' }, article);
  if (observer) flow.append(h('div', { class: 'step-aside' }, observer.element));
  content.append(flow);

  const checks = Array.isArray(step.checks) ? step.checks : [];
  const quiz = Array.isArray(step.quiz) && step.quiz.length ? step.quiz : null;
  const sp = stepProgress(stepId);

  if (quiz) flow.append(renderQuizSection(step, quiz, sp, seq));
  else if (checks.length) flow.append(renderVerifySection(step, checks, sp, seq));
  else if (stepId === state.lesson.steps[state.lesson.steps.length - 1].id) flow.append(renderCompletion());

  if (step.hasSolution) flow.append(renderSolution(step));

  flow.append(h('nav', { class: 'pager', 'aria-label': 'Navigation entre les étapes' },
    step.previous
      ? stepLink(step.previous.id, { class: 'pager-link prev', rel: 'prev' }, h('span', { class: 'pager-dir' }, '← Étape précédente'), h('span', { class: 'pager-title' }, step.previous.title))
      : stepLink(null, { class: 'pager-link prev' }, h('span', { class: 'pager-dir' }, '← Introduction'), h('span', { class: 'pager-title' }, state.lesson.title)),
    step.next
      ? stepLink(step.next.id, { class: 'pager-link next', rel: 'next' }, h('span', { class: 'pager-dir' }, 'Étape suivante →'), h('span', { class: 'pager-title' }, step.next.title))
      : null));

  focusMain(focus);
  if (location.hash) {
    const target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target) target.scrollIntoView();
  }
  if (observer) observer.start();
}

function renderStepNav(currentId) {
  const list = h('ol', { class: 'steps-list', id: 'steps-list' });
  const steps = state.lesson.steps;
  const passedCount = steps.filter((s) => stepStatus(s.id) === 'passed').length;
  for (const step of steps) {
    const status = stepStatus(step.id);
    const current = step.id === currentId;
    const icon = status === 'passed' ? '✓' : status === 'in_progress' ? '●' : '○';
    const label = status === 'passed' ? 'validée' : status === 'in_progress' ? 'commencée' : 'pas commencée';
    list.append(h('li', { class: `steps-item status-${status}${current ? ' current' : ''}`, dataset: { step: step.id, status } },
      stepLink(step.id, { 'aria-current': current ? 'step' : null },
        h('span', { class: 'steps-icon', 'aria-hidden': 'true' }, icon),
        h('span', { class: 'steps-title' }, step.title),
        srOnly(` (${label}${current ? ', étape affichée' : ''})`))));
  }
  const toggle = h('button', {
    type: 'button', class: 'button nav-toggle', 'aria-expanded': 'false', 'aria-controls': 'steps-list',
  }, `☰ Étapes (${passedCount}/${steps.length})`);
  const nav = h('nav', { class: 'steps-nav', 'aria-label': 'Étapes de l\'exercice' },
    toggle,
    h('p', { class: 'steps-heading' }, stepLink(null, {}, 'Introduction')),
    list);
  toggle.addEventListener('click', () => {
    const open = nav.classList.toggle('open');
    toggle.setAttribute('aria-expanded', String(open));
  });
  return nav;
}

function refreshNav() {
  const nav = root.querySelector('.steps-nav');
  if (nav) {
    const wasOpen = nav.classList.contains('open');
    const fresh = renderStepNav(state.stepId);
    if (wasOpen) {
      fresh.classList.add('open');
      fresh.querySelector('.nav-toggle').setAttribute('aria-expanded', 'true');
    }
    nav.replaceWith(fresh);
  }
}

function renderVerifySection(step, checks, sp, seq) {
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
    h('div', { class: 'verify-actions' }, button));

  renderPendingChecks(list, checks);
  if (sp && sp.lastRun) {
    renderCheckResults({ summary, list }, sp.lastRun, { expected: checks, at: sp.lastRun.at });
  } else if (sp && sp.status === 'passed') {
    summary.className = 'check-summary ok';
    summary.append(h('strong', {}, '🎉 Étape validée !'));
  }

  button.addEventListener('click', async () => {
    button.disabled = true;
    region.setAttribute('aria-busy', 'true');
    button.replaceChildren(spinner('Vérification en cours…'));
    try {
      const result = await learnerApi(`/api/lessons/${seg(state.lessonId)}/steps/${seg(step.id)}/check`, { method: 'POST', body: {} });
      if (seq !== state.seq) return;
      const passed = renderCheckResults({ summary, list }, result, { expected: checks });
      if (passed && step.next) summary.append(' ', stepLink(step.next.id, { class: 'next-inline' }, `Passer à « ${step.next.title} » →`));
      await refreshMe().catch(() => {});
      if (seq === state.seq) refreshNav();
    } catch (error) {
      if (error instanceof Handled || seq !== state.seq) return;
      renderCheckError({ summary, list }, error.message);
    } finally {
      region.removeAttribute('aria-busy');
      button.disabled = false;
      button.textContent = 'Vérifier';
    }
  });
  return section;
}

function renderQuizSection(step, questions, sp, seq) {
  const summary = h('p', { class: 'check-summary' });
  const region = h('div', { class: 'check-results', 'aria-live': 'polite' }, summary);
  let busy = false;
  const { form, button } = createQuizForm(questions, async (answers) => {
    if (busy) return;
    busy = true;
    button.disabled = true;
    region.setAttribute('aria-busy', 'true');
    button.replaceChildren(spinner('Correction en cours…'));
    try {
      const result = await learnerApi(`/api/lessons/${seg(state.lessonId)}/steps/${seg(step.id)}/check`, { method: 'POST', body: { answers } });
      if (seq !== state.seq) return;
      markQuiz(form, result.checks);
      const passed = renderCheckResults({ summary, list: null }, result, { quiz: true });
      if (passed && step.next) summary.append(' ', stepLink(step.next.id, { class: 'next-inline' }, `Passer à « ${step.next.title} » →`));
      await refreshMe().catch(() => {});
      if (seq === state.seq) refreshNav();
    } catch (error) {
      if (error instanceof Handled || seq !== state.seq) return;
      renderCheckError({ summary, list: null }, error.message);
    } finally {
      busy = false;
      region.removeAttribute('aria-busy');
      button.disabled = false;
      button.textContent = 'Vérifier mes réponses';
    }
  });
  if (sp && sp.lastRun) {
    markQuiz(form, sp.lastRun.checks);
    renderCheckResults({ summary, list: null }, sp.lastRun, { quiz: true, at: sp.lastRun.at });
  }
  return h('section', { class: 'card verify quiz-section', 'aria-labelledby': 'quiz-title' },
    h('h2', { id: 'quiz-title' }, 'Vos réponses'),
    form, region);
}

function renderSolution(step) {
  const panelId = 'solution-panel';
  const panel = h('div', { id: panelId, class: 'solution-panel markdown', hidden: true });
  const error = h('p', { class: 'form-error', role: 'alert' });
  const button = h('button', { type: 'button', class: 'button solution-toggle', 'aria-expanded': 'false', 'aria-controls': panelId }, 'Voir la solution');
  let loaded = false;
  button.addEventListener('click', async () => {
    const open = button.getAttribute('aria-expanded') === 'true';
    if (open) {
      panel.hidden = true;
      button.setAttribute('aria-expanded', 'false');
      button.textContent = 'Voir la solution';
      return;
    }
    error.textContent = '';
    if (!loaded) {
      button.disabled = true;
      try {
        const solution = await learnerApi(`/api/lessons/${seg(state.lessonId)}/steps/${seg(step.id)}/solution`);
        renderLessonHtml(panel, solution.html, { idPrefix: 'solution-' });
        loaded = true;
      } catch (e) {
        if (!(e instanceof Handled)) error.textContent = e.message;
        return;
      } finally {
        button.disabled = false;
      }
    }
    panel.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    button.textContent = 'Masquer la solution';
  });
  return h('section', { class: 'solution', 'aria-label': 'Solution' },
    h('p', { class: 'muted small' }, 'Bloqué ? La solution détaillée est disponible, mais essayez d\'abord par vous-même.'),
    button, error, panel);
}

function renderCompletion() {
  const steps = state.lesson.steps.filter(isCheckable);
  const passed = steps.filter((s) => stepStatus(s.id) === 'passed').length;
  const lp = lessonProgress();
  const started = lp && parseDate(lp.startedAt);
  const ended = lp && parseDate(lp.completedAt);
  const all = passed === steps.length && steps.length > 0;
  const remaining = steps.filter((s) => stepStatus(s.id) !== 'passed');
  return h('section', { class: `card completion ${all ? 'ok' : ''}`, 'aria-labelledby': 'completion-title' },
    h('h2', { id: 'completion-title' }, all ? '🏆 Exercice terminé !' : 'Bilan'),
    h('p', {}, `${passed} étape${passed > 1 ? 's' : ''} validée${passed > 1 ? 's' : ''} sur ${steps.length}.`,
      started && ended ? ` Temps total : ${duration((ended - started) / 1000)}.` : ''),
    !all && remaining.length
      ? h('p', {}, 'Il reste à valider : ',
        remaining.map((s, i) => [i ? ', ' : '', stepLink(s.id, {}, s.title)]), '.')
      : null,
    lp && lp.completedAt ? h('p', { class: 'muted small' }, `Terminé à ${clock(lp.completedAt)}.`) : null);
}

// ---------------------------------------------------------------- démarrage

async function boot() {
  setMain(h('main', { id: 'contenu', class: 'narrow', tabindex: '-1' }, h('div', { class: 'card' }, spinner('Chargement de l\'exercice…'))));
  try {
    const { lessons } = await apiFetch('/api/lessons');
    if (!lessons || lessons.length === 0) throw new Error('Aucun exercice n\'est publié sur ce serveur.');
    const wanted = new URLSearchParams(location.search).get('lecon');
    const summary = lessons.find((l) => l.id === wanted) || lessons[0];
    state.lessonId = summary.id;
    state.lesson = await apiFetch(`/api/lessons/${seg(summary.id)}`);
    ui.lessonTitle.textContent = state.lesson.title;
  } catch (error) {
    setMain(h('main', { id: 'contenu', class: 'narrow', tabindex: '-1' },
      h('h1', {}, 'Atelier indisponible'), errorPanel(error.message, boot)));
    return;
  }
  if (state.learner) {
    try {
      await refreshMe();
    } catch (error) {
      if (error instanceof Handled) return;
      // Serveur momentanément indisponible : la vue affichera l'erreur.
    }
  }
  route();
}

document.addEventListener('visibilitychange', () => {
  if (!document.hidden) updateTimer();
});

boot();
