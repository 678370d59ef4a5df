// Vue « introduction » : le texte du client, la carte « Votre environnement » (sondage toutes les ~3 s
// jusqu'à « ready », puis Start), les objectifs et les fichiers.
// Ordre du DOM = ordre visuel à toutes les largeurs : titre, carte de démarrage, texte (la grille place la
// carte dans la colonne de droite sur grand écran).

import { quiet } from '../api.js';
import { h, clear, spinner, append, replaceIfChanged } from '../dom.js';
import { plural, optionalDuration } from '../format.js';
import { renderLessonHtml, resetAnchors } from '../lesson-html.js';

const ENV_POLL_MS = 3000;
const ENV_POLL_MAX = 40; // ~2 minutes d'attente automatique, puis « Réessayer »

export function mount(root, ctx, { focus = false } = {}) {
  const { state } = ctx;
  const lesson = state.lesson;
  document.title = `${lesson.title} — Atelier`;
  resetAnchors();

  const lp = ctx.lessonProgress();
  const started = Boolean(lp && lp.startedAt);
  const firstStep = lesson.steps[0];
  const resumeStep = (lp && lp.currentStep) || (firstStep && firstStep.id);

  const envStatus = h('div', { class: 'env-status preparing', role: 'status', 'aria-live': 'polite' },
    spinner('⏳ Préparation de l\'environnement…'));
  const envDetails = h('ul', { class: 'env-checks' });
  const retry = h('button', { type: 'button', class: 'button retry-button', hidden: true }, 'Réessayer');
  const startButton = h('button', { type: 'button', class: 'button primary big start-button', disabled: true },
    started ? 'Reprendre' : 'Start');
  const startError = h('p', { class: 'form-error', role: 'alert' });
  const startHelp = h('p', { class: 'muted small start-help' },
    started ? `Vous reprendrez à l'étape «\u202f${ctx.stepTitle(resumeStep)}\u202f».` : 'Le bouton s\'active dès que l\'environnement est prêt.');

  const intro = h('article', { class: 'markdown intro-text' });
  renderLessonHtml(intro, lesson.introductionHtml, { idPrefix: 'intro-' });
  // Le texte d'introduction commence souvent par son propre titre de niveau 1 : il devient le titre de la page,
  // placé avant la carte de démarrage (ordre de lecture).
  const ownTitle = intro.firstElementChild && intro.firstElementChild.tagName === 'H1' ? intro.firstElementChild : null;
  const title = ownTitle || h('h1', {}, lesson.title);

  const objectives = h('ul', { class: 'objectives' });
  for (const objective of lesson.objectives || []) objectives.append(h('li', {}, objective));

  const files = (lesson.files || []).length
    ? h('section', { class: 'card files' }, h('h2', {}, 'Fichiers de l\'exercice'),
      h('ul', {}, lesson.files.map((f) => h('li', {}, h('a', { href: f.url, download: f.name }, f.name)))))
    : null;

  clear(root);
  append(root, h('main', { id: 'contenu', class: 'intro-layout', tabindex: '-1' },
    h('header', { class: 'intro-head' }, h('p', { class: 'kicker' }, 'Introduction'), title),
    h('aside', { class: 'intro-side', 'aria-label': 'Démarrage' },
      h('section', { class: 'card start-card' },
        h('h2', {}, 'Votre environnement'),
        envStatus, envDetails,
        h('div', { class: 'start-actions' }, startButton, retry),
        startHelp, startError),
      h('section', { class: 'card' },
        h('h2', {}, 'Objectifs'), objectives,
        h('p', { class: 'duration' }, h('span', { 'aria-hidden': 'true' }, '⏱️ '), 'Durée estimée\u00a0: ', h('strong', {}, `${lesson.durationMinutes} min`), optionalDuration(lesson) ? ` ${optionalDuration(lesson)}` : ''),
        h('p', { class: 'muted small' }, plural(lesson.steps.length, 'étape'), ` · ${lesson.steps.filter(ctx.isCheckable).length} à valider`)),
      files),
    h('div', { class: 'intro-main' }, intro)));
  ctx.focusMain(focus);

  // ------------------------------------------------------------ sondage de l'environnement

  let timer = null;
  let polls = 0;
  let ready = false;

  /** Écrit l'état (région live) et les détails, seulement quand leur texte change. */
  function show(className, statusChildren, detailItems) {
    replaceIfChanged(envStatus, statusChildren, `env-status ${className}`);
    replaceIfChanged(envDetails, detailItems);
  }

  function setRetryVisible(visible) {
    if (retry.hidden === !visible) return;
    const hadFocus = document.activeElement === retry;
    retry.hidden = !visible;
    // Le bouton disparaît quand tout est prêt : le focus passe au bouton Start, désormais actif.
    if (hadFocus && !visible) startButton.focus();
  }

  function renderEnv(env) {
    ready = env.ready === true;
    if (ready) {
      show('ready', h('p', { class: 'env-ready' }, env.message || '✅ Ready!'), []);
      return;
    }
    const checks = (env.checks || []).filter((c) => c.status !== 'passed');
    // Le cluster a répondu : plus d'animation. Que des erreurs = le cluster n'a pas pu être interrogé.
    const unreachable = checks.length > 0 && checks.every((c) => c.status === 'error');
    const items = checks.map((check) => {
      const icon = check.status === 'failed' ? '❌' : check.status === 'error' ? '⚠️' : '⏳';
      return h('li', { class: `env-check env-${check.status}` },
        h('span', { 'aria-hidden': 'true' }, `${icon} `),
        h('strong', {}, check.title || check.id), check.message ? `\u00a0: ${check.message}` : '');
    });
    show(unreachable ? 'unreachable' : 'not-ready', [
      h('p', { class: 'env-state' }, unreachable ? '⚠️ Cluster injoignable' : '⏳ Environnement pas encore prêt'),
      env.message ? h('p', { class: 'env-message' }, env.message) : null,
      polls >= ENV_POLL_MAX
        ? h('p', { class: 'small' }, 'L\'environnement n\'est toujours pas prêt\u00a0: corrigez le problème indiqué, puis cliquez sur «\u202fRéessayer\u202f».')
        : null,
    ], items);
  }

  function renderFailure(message) {
    ready = false;
    show('failed', [
      h('p', {}, h('strong', {}, '⚠️ '), message),
      polls >= ENV_POLL_MAX ? h('p', { class: 'small' }, 'Cliquez sur «\u202fRéessayer\u202f» quand le serveur répond de nouveau.') : null,
    ], []);
  }

  function updateStart() {
    startButton.disabled = !(ready || started);
    if (ready && !started) startHelp.textContent = 'Tout est prêt\u00a0: cliquez sur Start pour lancer le chronomètre et ouvrir la première étape.';
  }

  let inflight = false;

  async function poll() {
    // « Réessayer » pressé pendant une requête : la réponse en cours suffit, pas de seconde chaîne de sondage.
    if (inflight) return;
    inflight = true;
    clearTimeout(timer);
    timer = null;
    polls += 1;
    try {
      renderEnv(await ctx.api('/api/environment'));
    } catch (error) {
      if (quiet(error, ctx.signal)) return;
      renderFailure(error.message);
    } finally {
      inflight = false;
    }
    if (ctx.signal.aborted) return;
    updateStart();
    setRetryVisible(!ready);
    if (!ready && polls < ENV_POLL_MAX) timer = setTimeout(poll, ENV_POLL_MS);
  }

  retry.addEventListener('click', () => {
    polls = 0;
    poll();
  });

  startButton.addEventListener('click', async () => {
    startError.textContent = '';
    if (started) {
      ctx.navigate(resumeStep);
      return;
    }
    startButton.disabled = true;
    try {
      await ctx.api(ctx.lessonPath('/start'), { method: 'POST', body: {} });
      await ctx.refreshMe();
      const now = ctx.lessonProgress();
      ctx.navigate((now && now.currentStep) || firstStep.id);
    } catch (error) {
      if (quiet(error, ctx.signal)) return;
      startError.textContent = error.message;
      startButton.disabled = false;
    }
  });

  updateStart();
  poll();

  return () => clearTimeout(timer);
}
