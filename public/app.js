// Application apprenant : l'en-tête (apprenant, progression, chronomètre), le routage et le contexte
// partagé par les vues (views/registration.js, views/introduction.js, views/step.js).
// L'étape courante est dans l'URL (`?etape=<id>`) ; l'état vient du serveur.
// Rien ne s'exécute à l'import : `start()` (appelé par main.js) installe tout et renvoie le nettoyage.

import { apiFetch, seg, Handled } from './api.js';
import { h, clear, srOnly, spinner, append, errorPanel } from './dom.js';
import { stopwatch, parseDate, optionalDuration } from './format.js';
import { trackTopbar } from './layout.js';
import * as registration from './views/registration.js';
import * as introduction from './views/introduction.js';
import * as stepView from './views/step.js';
import * as account from './views/account.js';

const STORAGE_KEY = 'atelier.learner';

function loadLearner() {
  try {
    const value = JSON.parse(localStorage.getItem(STORAGE_KEY));
    if (value && typeof value.id === 'string' && typeof value.token === 'string') return value;
  } catch {
    // valeur illisible : on repart de zéro
  }
  return null;
}

/** Démarre l'application apprenant dans `doc`. Renvoie la fonction qui la démonte. */
export function start(doc = document) {
  const root = doc.getElementById('app');
  const ui = {
    lessonTitle: doc.getElementById('lesson-title'),
    learnerBox: doc.getElementById('learner-box'),
    learnerName: doc.getElementById('learner-name'),
    changeLearner: doc.getElementById('change-learner'),
    progressBox: doc.getElementById('progress-box'),
    progress: doc.getElementById('progress'),
    progressBar: doc.getElementById('progress-bar'),
    progressText: doc.getElementById('progress-text'),
    timer: doc.getElementById('timer'),
    brand: doc.getElementById('brand'),
    footer: doc.getElementById('site-footer'),
  };

  const state = { lessonId: null, lesson: null, learner: loadLearner(), me: null, notice: null };
  /** Vue montée : `{ name, stepId, unmount }`. */
  let current = null;
  const teardown = [];

  // ------------------------------------------------------------ contexte des vues

  const app = {
    state,
    root,
    saveLearner(learner) {
      state.learner = learner;
      if (learner) localStorage.setItem(STORAGE_KEY, JSON.stringify({ id: learner.id, name: learner.name, token: learner.token }));
      else localStorage.removeItem(STORAGE_KEY);
    },
    /** Appel authentifié : un 401 renvoie au formulaire de nom avec une explication. */
    async api(path, options = {}) {
      try {
        return await apiFetch(path, { ...options, token: state.learner && state.learner.token });
      } catch (error) {
        if (error && error.unauthorized) {
          app.onUnauthorized();
          throw new Handled('unauthorized');
        }
        throw error;
      }
    },
    onUnauthorized() {
      app.saveLearner(null);
      state.me = null;
      state.notice = 'Le serveur ne reconnaît plus votre session (reprise sur un autre navigateur, ou données réinitialisées). Reprenez avec votre code de reprise, ou saisissez votre nom pour recommencer.';
      route();
    },
    async refreshMe(options = {}) {
      const me = await app.api('/api/me', options);
      state.me = me;
      updateHeader();
      return me;
    },
    lessonPath(suffix = '') {
      return `/api/lessons/${seg(state.lessonId)}${suffix}`;
    },
    lessonProgress() {
      const lessons = (state.me && state.me.lessons) || {};
      return lessons[state.lessonId] || null;
    },
    stepProgress(stepId) {
      const lp = app.lessonProgress();
      return (lp && lp.steps && lp.steps[stepId]) || null;
    },
    stepStatus(stepId) {
      const sp = app.stepProgress(stepId);
      return (sp && sp.status) || 'not_started';
    },
    isCheckable(step) {
      return (step.checkCount || 0) > 0 || step.hasQuiz === true;
    },
    stepTitle(stepId) {
      const step = state.lesson.steps.find((s) => s.id === stepId);
      return step ? step.title : stepId;
    },
    stepUrl(stepId) {
      const url = new URL(location.href);
      url.hash = '';
      url.searchParams.delete('page');
      if (stepId) url.searchParams.set('etape', stepId);
      else url.searchParams.delete('etape');
      return `${url.pathname}${url.search}`;
    },
    navigate(stepId, { replace = false } = {}) {
      const target = app.stepUrl(stepId);
      if (replace) history.replaceState(null, '', target);
      else history.pushState(null, '', target);
      route({ focus: true });
    },
    /** Lien interne (étape) : navigation sans rechargement, Ctrl+clic toujours possible. */
    stepLink(stepId, attrs, ...children) {
      return h('a', {
        ...attrs,
        href: app.stepUrl(stepId),
        onclick: (event) => {
          if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
          event.preventDefault();
          app.navigate(stepId);
        },
      }, ...children);
    },
    focusMain(focus) {
      const heading = root.querySelector('h1');
      if (focus && heading) {
        heading.setAttribute('tabindex', '-1');
        heading.focus({ preventScroll: true });
      }
      if (!location.hash) window.scrollTo(0, 0);
    },
    updateHeader,
    route,
    showRegister,
  };

  // ------------------------------------------------------------ en-tête

  function updateHeader() {
    const learner = state.learner;
    ui.learnerBox.hidden = !learner;
    if (ui.footer) ui.footer.hidden = !learner;
    ui.learnerName.textContent = learner ? learner.name : '';

    const steps = (state.lesson && state.lesson.steps) || [];
    const checkable = steps.filter(app.isCheckable);
    const lp = app.lessonProgress();
    const show = Boolean(learner && state.lesson && checkable.length && lp && (lp.startedAt || Object.keys(lp.steps || {}).length));
    ui.progressBox.hidden = !show;
    if (show) {
      const passed = checkable.filter((s) => app.stepStatus(s.id) === 'passed').length;
      ui.progress.setAttribute('aria-valuemax', String(checkable.length));
      ui.progress.setAttribute('aria-valuenow', String(passed));
      ui.progress.setAttribute('aria-valuetext', `${passed} étapes validées sur ${checkable.length}`);
      ui.progressBar.style.width = `${Math.round((passed / checkable.length) * 100)}%`;
      ui.progressText.textContent = `${passed}/${checkable.length} étapes validées`;
    }
    updateTimer();
  }

  function updateTimer() {
    const lp = app.lessonProgress();
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
    const value = ui.timer.querySelector('.timer-value');
    const label = lp.completedAt ? 'Temps total\u00a0: ' : 'Temps écoulé\u00a0: ';
    // Seul le chiffre change chaque seconde : le reste n'est réécrit que s'il change.
    if (value && ui.timer.dataset.label === label) {
      value.textContent = stopwatch(elapsed);
      return;
    }
    ui.timer.dataset.label = label;
    clear(ui.timer);
    append(ui.timer, [
      h('span', { 'aria-hidden': 'true' }, '⏱️ '),
      srOnly(label),
      h('span', { class: 'timer-value' }, stopwatch(elapsed)),
      estimate ? ` / ${state.lesson.durationMinutes} min` : '',
      estimate ? srOnly(' estimées') : '',
      // Le chronomètre compare au parcours principal ; la part facultative est annoncée à côté.
      estimate && optionalDuration(state.lesson) ? ` ${optionalDuration(state.lesson)}` : '',
    ]);
  }

  // ------------------------------------------------------------ vues

  function unmount() {
    if (!current) return;
    const { unmount: fn } = current;
    current = null;
    try {
      fn();
    } catch {
      // une vue qui échoue à se démonter ne bloque pas la suivante
    }
  }

  /** Monte `view` dans `root` avec un contexte dont les requêtes sont annulées au démontage. */
  function mount(name, view, options = {}) {
    unmount();
    const controller = new AbortController();
    const context = Object.create(app);
    context.signal = controller.signal;
    context.api = (path, opts = {}) => app.api(path, { signal: controller.signal, ...opts });
    context.refreshMe = (opts = {}) => app.refreshMe({ signal: controller.signal, ...opts });
    const cleanup = view.mount(root, context, options);
    current = {
      name,
      stepId: options.stepId || null,
      unmount() {
        controller.abort();
        if (typeof cleanup === 'function') cleanup();
      },
    };
  }

  function showRegister({ changing = false } = {}) {
    mount('register', registration, { changing });
  }

  function currentStepParam() {
    return new URLSearchParams(location.search).get('etape');
  }

  function route({ focus = false } = {}) {
    if (!state.learner) {
      showRegister();
      return;
    }
    if (new URLSearchParams(location.search).get('page') === 'compte') {
      mount('account', account, { focus });
      return;
    }
    const stepId = currentStepParam();
    if (stepId) mount('step', stepView, { stepId, focus });
    else mount('intro', introduction, { focus });
  }

  // ------------------------------------------------------------ démarrage

  async function boot() {
    unmount();
    clear(root);
    append(root, h('main', { id: 'contenu', class: 'narrow', tabindex: '-1' }, h('div', { class: 'card' }, spinner('Chargement de l\'exercice…'))));
    try {
      const { lessons } = await apiFetch('/api/lessons');
      if (!lessons || lessons.length === 0) throw new Error('Aucun exercice n\'est publié sur ce serveur.');
      const wanted = new URLSearchParams(location.search).get('lecon');
      const summary = lessons.find((l) => l.id === wanted) || lessons[0];
      state.lessonId = summary.id;
      state.lesson = await apiFetch(`/api/lessons/${seg(summary.id)}`);
      ui.lessonTitle.textContent = state.lesson.title;
    } catch (error) {
      clear(root);
      append(root, h('main', { id: 'contenu', class: 'narrow', tabindex: '-1' },
        h('h1', {}, 'Atelier indisponible'), errorPanel(error.message, boot)));
      return;
    }
    if (state.learner) {
      try {
        await app.refreshMe();
      } catch (error) {
        if (error instanceof Handled) return;
        // Serveur momentanément indisponible : la vue affichera l'erreur.
      }
    }
    route();
  }

  function on(target, type, listener) {
    target.addEventListener(type, listener);
    teardown.push(() => target.removeEventListener(type, listener));
  }

  on(ui.changeLearner, 'click', () => {
    state.notice = null;
    showRegister({ changing: true });
  });
  on(ui.brand, 'click', (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    app.navigate(null);
  });
  on(window, 'popstate', () => {
    const stepId = currentStepParam();
    // Un simple changement d'ancre (#section) ne doit pas recharger la vue.
    if (current && current.name === 'step' && stepId === current.stepId) return;
    if (current && current.name === 'intro' && !stepId && new URLSearchParams(location.search).get('page') !== 'compte') return;
    route({ focus: true });
  });
  on(doc, 'visibilitychange', () => {
    if (!doc.hidden) updateTimer();
  });
  const clock = setInterval(updateTimer, 1000);
  teardown.push(() => clearInterval(clock));
  teardown.push(trackTopbar(doc));

  boot();

  return () => {
    unmount();
    for (const fn of teardown.splice(0)) fn();
  };
}
