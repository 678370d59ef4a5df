// Panneau d'observation en direct (étapes `observe: true`) : pods, PVC et événements.
// Le flux en direct de l'étape (live.js, `event: cluster`) les pousse par `push(data)` à chaque changement ;
// si le flux est indisponible, `start()` revient à l'interrogation de GET /api/lessons/{lesson}/cluster
// toutes les ~2 s tant que l'étape est ouverte et l'onglet visible, et `stop()` l'arrête.

import { h, srOnly, setTextIfChanged, patchChildren } from './dom.js';
import { apiFetch, seg } from './api.js';
import { age, clock } from './format.js';

const INTERVAL_MS = 2000;

/**
 * Crée le panneau. `getToken()` fournit le jeton courant ; `onUnauthorized(error)` est appelé sur 401.
 * Renvoie `{ element, start, stop }`.
 */
export function createObserver({ lessonId, getToken, onUnauthorized }) {
  const status = h('p', { class: 'observe-status muted' }, 'Connexion au cluster…');
  const summary = h('p', { class: 'observe-summary' });
  const pods = h('ol', { class: 'pod-strip', 'aria-label': 'Pods' });
  const pvcs = h('ul', { class: 'pvc-list', 'aria-label': 'PVC' });
  const events = h('ol', { class: 'event-list', 'aria-label': 'Événements récents' });
  const errorBox = h('p', { class: 'observe-error', role: 'alert', hidden: true });
  const element = h('section', { class: 'observe card', 'aria-labelledby': 'observe-title' },
    h('div', { class: 'observe-head' },
      h('h2', { id: 'observe-title' }, h('span', { class: 'live-dot', 'aria-hidden': 'true' }), 'Observation en direct'),
      status),
    errorBox,
    summary,
    h('h3', { class: 'observe-sub' }, 'Pods'),
    pods,
    h('h3', { class: 'observe-sub' }, 'Volumes (PVC)'),
    pvcs,
    h('h3', { class: 'observe-sub' }, 'Événements récents'),
    events);

  let timer = null;
  let controller = null;
  let running = false;
  let lastData = null;
  /** Mode du flux en direct : `connecting`, `live`, `fallback` (interrogation périodique). */
  let mode = 'connecting';
  element.dataset.mode = mode;

  async function tick() {
    timer = null;
    if (!running || document.hidden) return;
    controller = new AbortController();
    try {
      const data = await apiFetch(`/api/lessons/${seg(lessonId)}/cluster`, { token: getToken(), signal: controller.signal });
      if (!running) return;
      lastData = data;
      render(data);
    } catch (error) {
      if (error && error.name === 'AbortError') return;
      if (error && error.unauthorized) {
        stop();
        onUnauthorized(error);
        return;
      }
      showError(error.message || 'Impossible d\'interroger le cluster.');
    } finally {
      controller = null;
    }
    schedule();
  }

  function schedule() {
    if (running && !document.hidden && timer === null) timer = setTimeout(tick, INTERVAL_MS);
  }

  function onVisibility() {
    if (!running) return;
    if (document.hidden) {
      clearTimeout(timer);
      timer = null;
      if (controller) controller.abort();
      status.textContent = 'En pause (onglet masqué).';
    } else if (timer === null && controller === null) {
      tick();
    }
  }

  // La zone d'erreur est une alerte : elle n'est réécrite que si le message change (sinon un lecteur
  // d'écran la relirait toutes les 2 s). L'heure du dernier essai reste hors de toute région live.
  function showError(message) {
    errorBox.hidden = false;
    setTextIfChanged(errorBox, `⚠️ ${message}`);
    element.classList.add('has-error');
    status.textContent = `Dernier essai à ${clock(new Date().toISOString(), true)}.`;
  }

  function clearError() {
    errorBox.hidden = true;
    setTextIfChanged(errorBox, '');
    element.classList.remove('has-error');
  }

  function render(data) {
    const now = Date.now();
    if (data.error) showError(data.error.message || 'Le cluster ne répond pas.');
    else clearError();
    const at = clock(new Date().toISOString(), true);
    status.textContent = mode === 'live' ? `Actualisé à ${at} · en direct` : `Actualisé à ${at}`;

    // Mise à jour nœud par nœud (patchChildren) : un pod déjà affiché n'est pas recréé, son animation
    // d'apparition ne rejoue pas toutes les 2 s et le focus ou la sélection restent en place.
    const sts = data.statefulset;
    patchChildren(summary, sts
      ? ['StatefulSet ', h('code', {}, sts.name || '?'), '\u00a0: ',
        h('strong', {}, `${sts.readyReplicas ?? 0}/${sts.replicas ?? 0}`), ' réplicas prêts',
        sts.podManagementPolicy ? ` · politique ${sts.podManagementPolicy}` : '',
        data.namespace ? ` · namespace ${data.namespace}` : '']
      : ['Aucun StatefulSet pour l\'instant', data.namespace ? ` (namespace ${data.namespace})` : '', '.']);

    const byName = (a, b) => String(a.name).localeCompare(String(b.name), 'en', { numeric: true });
    const podList = [...(data.pods || [])].sort(byName);
    patchChildren(pods, podList.length === 0 ? h('li', { class: 'empty muted' }, 'Aucun pod.') : podList.map((pod) => {
      const phase = String(pod.phase || 'Unknown');
      const terminating = /terminat/i.test(pod.reason || '');
      const cls = terminating ? 'terminating' : pod.ready ? 'ready' : phase.toLowerCase();
      return h('li', { class: `pod pod-${cls}`, dataset: { pod: pod.name || '', key: pod.name || '' } },
        h('span', { class: 'pod-name' }, pod.name || '?'),
        h('span', { class: 'pod-phase' }, pod.reason ? `${phase} · ${pod.reason}` : phase),
        h('span', { class: 'pod-meta' },
          pod.ready ? '✓ prêt' : '✗ pas prêt',
          ` · ${age(pod.createdAt, now)}`,
          pod.restarts ? ` · ${pod.restarts} redémarrage${pod.restarts > 1 ? 's' : ''}` : ''));
    }));

    const pvcList = [...(data.pvcs || [])].sort(byName);
    patchChildren(pvcs, pvcList.length === 0 ? h('li', { class: 'empty muted' }, 'Aucun PVC.') : pvcList.map((pvc) => {
      const phase = String(pvc.phase || 'Unknown');
      return h('li', { class: `pvc pvc-${phase.toLowerCase()}`, dataset: { key: pvc.name || '' } },
        h('span', { class: 'pvc-name' }, pvc.name || '?'),
        h('span', { class: 'pvc-phase' }, phase),
        pvc.capacity ? h('span', { class: 'muted' }, pvc.capacity) : null);
    }));

    const eventList = [...(data.events || [])]
      .sort((a, b) => String(b.time || '').localeCompare(String(a.time || '')))
      .slice(0, 10);
    patchChildren(events, eventList.length === 0 ? h('li', { class: 'empty muted' }, 'Aucun événement récent.') : eventList.map((ev) => {
      const warning = ev.type === 'Warning';
      return h('li', { class: warning ? 'event warning' : 'event' },
        h('time', { datetime: ev.time || '' }, clock(ev.time, true)),
        h('span', { class: 'event-body' },
          warning ? srOnly('Avertissement\u00a0: ') : null,
          h('strong', {}, ev.reason || ''), ev.object ? ' ' : '', ev.object ? h('code', {}, ev.object) : null,
          h('span', { class: 'event-message' }, ev.message || '')));
    }));
  }

  /** Données poussées par le flux en direct (même JSON que GET …/cluster). */
  function push(data) {
    lastData = data;
    render(data);
  }

  /** Mode du flux : le libellé d'état dit d'où viennent les données (aucune région live). */
  function setMode(next) {
    mode = next;
    element.dataset.mode = next;
    if (next === 'connecting') {
      status.textContent = lastData ? 'Reconnexion au direct…' : 'Connexion au cluster…';
    }
  }

  function start() {
    if (running) return;
    running = true;
    document.addEventListener('visibilitychange', onVisibility);
    tick();
  }

  function stop() {
    running = false;
    clearTimeout(timer);
    timer = null;
    if (controller) controller.abort();
    document.removeEventListener('visibilitychange', onVisibility);
  }

  return { element, start, stop, push, setMode, get lastData() { return lastData; } };
}
