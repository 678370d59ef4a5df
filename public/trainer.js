// Tableau de bord formateur : le jeton (sessionStorage de l'onglet), le routage entre la vue « jeton »
// (views/token.js) et la vue « tableau de bord » (views/dashboard.js, détail dans views/drilldown.js).
// Rien ne s'exécute à l'import : `start()` (appelé par main.js) installe tout et renvoie le nettoyage.

import { apiFetch, Handled } from './api.js';
import { trackTopbar } from './layout.js';
import * as tokenView from './views/token.js';
import * as dashboardView from './views/dashboard.js';

const TOKEN_KEY = 'atelier.trainerToken';

export function start(doc = document) {
  const root = doc.getElementById('app');
  const logoutButton = doc.getElementById('logout');
  const params = new URLSearchParams(location.search);
  const state = {
    token: sessionStorage.getItem(TOKEN_KEY) || null,
    lessons: [],
    lessonId: params.get('lesson'),
    classId: params.get('classe'),
    classes: [],
    openLearner: params.get('apprenant'),
  };
  let current = null;

  const app = {
    state,
    /** Appel avec le jeton formateur : un 401 ramène au formulaire du jeton. */
    async api(path, options = {}) {
      try {
        return await apiFetch(path, { ...options, token: state.token });
      } catch (error) {
        if (error && error.unauthorized) {
          app.askToken(state.token ? 'Jeton refusé ou expiré\u00a0: saisissez de nouveau le jeton formateur.' : null);
          throw new Handled('unauthorized');
        }
        throw error;
      }
    },
    askToken(message) {
      state.token = null;
      sessionStorage.removeItem(TOKEN_KEY);
      logoutButton.hidden = true;
      mount(tokenView, { message });
    },
    useToken(token) {
      state.token = token;
      sessionStorage.setItem(TOKEN_KEY, token);
      logoutButton.hidden = false;
      mount(dashboardView);
    },
    updateUrl() {
      const url = new URL(location.href);
      if (state.lessonId && state.lessons.length > 1) url.searchParams.set('lesson', state.lessonId);
      else url.searchParams.delete('lesson');
      if (state.classId) url.searchParams.set('classe', state.classId);
      else url.searchParams.delete('classe');
      if (state.openLearner) url.searchParams.set('apprenant', state.openLearner);
      else url.searchParams.delete('apprenant');
      history.replaceState(null, '', `${url.pathname}${url.search}${url.hash}`);
    },
  };

  function unmount() {
    if (!current) return;
    const fn = current;
    current = null;
    fn();
  }

  /** Monte une vue ; ses requêtes sont annulées quand elle est démontée. */
  function mount(view, options = {}) {
    unmount();
    const controller = new AbortController();
    const context = Object.create(app);
    context.signal = controller.signal;
    context.api = (path, opts = {}) => app.api(path, { signal: controller.signal, ...opts });
    const cleanup = view.mount(root, context, options);
    current = () => {
      controller.abort();
      if (typeof cleanup === 'function') cleanup();
    };
  }

  const onLogout = () => app.askToken(null);
  logoutButton.addEventListener('click', onLogout);
  const stopTracking = trackTopbar(doc);

  if (state.token) app.useToken(state.token);
  else app.askToken(null);

  return () => {
    unmount();
    logoutButton.removeEventListener('click', onLogout);
    stopTracking();
  };
}
