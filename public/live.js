// Flux « en direct » d'une étape : GET /api/lessons/{lesson}/live?step=STEP en Server-Sent Events, lu avec
// `fetch` et un lecteur de flux (EventSource ne sait pas envoyer l'en-tête Authorization).
//
// - `event: cluster` : le JSON de GET …/cluster (panneau d'observation) ;
// - `event: checks`  : `{"step", "checks": [{"id", "status", "message"}]}` (vérifications en direct) ;
// - `: ping`         : un commentaire au moins toutes les 20 s (le chien de garde le voit passer).
//
// Le flux se reconnecte avec un délai croissant (1 s, 2 s, 4 s… 15 s au plus, un peu de hasard pour que
// toute une classe ne revienne pas à la même seconde après un redémarrage du serveur). Il prévient
// l'appelant (`onMode('fallback')`) quand il faut revenir à l'interrogation périodique : tout de suite si
// la route n'existe pas (404, 405, 501 : serveur plus ancien), après trois échecs de suite sinon ; il
// continue alors d'essayer le flux au délai maximal et repasse en direct (`onMode('live')`) dès qu'un
// événement arrive. Rien ne s'exécute à l'import.

/** Réglages du flux ; les tests passent des délais plus courts à `connectLive`. */
export const LIVE_DEFAULTS = Object.freeze({
  initialDelayMs: 1000,
  maxDelayMs: 15000,
  /** Échecs de suite (sans aucun événement reçu) avant de revenir à l'interrogation périodique. */
  failuresBeforeFallback: 3,
  /** Rien reçu pendant ce temps (le serveur envoie `: ping` toutes les 20 s au plus) : connexion morte. */
  idleTimeoutMs: 45000,
});

/** Statuts HTTP qui disent que le serveur ne connaît pas le flux : inutile de réessayer. */
const UNAVAILABLE = new Set([404, 405, 501]);

/** Un flux plus court que cela compte pour le délai de reconnexion (pas pour le retour au sondage). */
const SHORT_STREAM_MS = 10000;

/**
 * Découpe un flux Server-Sent Events (texte déjà décodé, en morceaux quelconques) en événements, selon
 * la spécification HTML : lignes terminées par LF, CRLF ou CR, champs `event`, `data` (plusieurs lignes
 * jointes par LF), `id`, `retry`, commentaires commençant par `:`. Renvoie `{ push(text), end() }` ;
 * `onEvent({ type, data, id })` est appelé à chaque ligne vide qui clôt un événement portant des données,
 * `onRetry(ms)` quand le serveur propose un délai de reconnexion, `onComment(text)` pour un commentaire.
 */
export function createSseParser({ onEvent, onRetry = () => {}, onComment = () => {} }) {
  let buffer = '';
  let first = true;
  let type = '';
  let data = [];
  let id = null;
  let pendingCR = false;

  function dispatch() {
    if (data.length) onEvent({ type: type || 'message', data: data.join('\n'), id });
    type = '';
    data = [];
  }

  function line(text) {
    if (text === '') {
      dispatch();
      return;
    }
    if (text.startsWith(':')) {
      onComment(text.slice(1).replace(/^ /, ''));
      return;
    }
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    const value = colon === -1 ? '' : text.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') type = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id' && !value.includes('\0')) id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) onRetry(Number(value));
  }

  return {
    push(text) {
      if (first && text.length) {
        first = false;
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      }
      // Un CR en fin de morceau peut être la moitié d'un CRLF : le LF qui suit ne fait pas une ligne vide.
      if (pendingCR && text.startsWith('\n')) text = text.slice(1);
      pendingCR = false;
      buffer += text;
      let start = 0;
      for (let i = 0; i < buffer.length; i += 1) {
        const c = buffer[i];
        if (c !== '\n' && c !== '\r') continue;
        line(buffer.slice(start, i));
        if (c === '\r') {
          if (i + 1 === buffer.length) pendingCR = true;
          else if (buffer[i + 1] === '\n') i += 1;
        }
        start = i + 1;
      }
      buffer = buffer.slice(start);
    },
    /** Fin du flux : un événement inachevé (sans ligne vide finale) est abandonné, comme le veut la norme. */
    end() {
      buffer = '';
      type = '';
      data = [];
    },
  };
}

/** Erreur d'une tentative (statut HTTP, type de contenu, coupure) : on réessaie. */
class StreamFailure extends Error {
  constructor(message, { status = 0, retryAfterMs = null } = {}) {
    super(message);
    this.status = status;
    this.retryAfterMs = retryAfterMs;
  }
}

function retryAfter(response) {
  const value = response.headers.get('Retry-After');
  return value && /^\d+$/.test(value.trim()) ? Number(value.trim()) * 1000 : null;
}

/** Attente annulable : se résout à l'échéance ou à l'annulation de `signal` (sans lever). */
function pause(ms, signal) {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Ouvre le flux d'une étape. Options :
 * - `url` : chemin du flux (`/api/lessons/…/live?step=…`) ;
 * - `getToken()` : jeton de l'apprenant (en-tête Authorization) ;
 * - `signal` : l'annulation (démontage de la vue) ferme le flux et arrête les essais ;
 * - `onEvent({ type, data })` : un événement reçu (`data` déjà décodé du JSON ; ignoré s'il est illisible) ;
 * - `onMode(mode, detail)` à chaque changement : `connecting` (`detail.reconnect` après une coupure),
 *   `live` (un événement est arrivé), `fallback` (`detail.permanent` quand la route n'existe pas) ;
 * - `onUnauthorized()` : 401, le jeton n'est plus reconnu (plus aucun essai ensuite) ;
 * - `fetch`, `settings` : transport et réglages (tests).
 * Renvoie une promesse résolue quand le flux s'arrête pour de bon.
 */
export async function connectLive({
  url, getToken, signal, onEvent, onMode = () => {}, onUnauthorized = () => {},
  fetch: fetchImpl = globalThis.fetch.bind(globalThis), settings = {},
}) {
  const opts = { ...LIVE_DEFAULTS, ...settings };
  let failures = 0;
  let fallen = false;
  let serverRetryMs = null;
  let mode = null;
  const setMode = (next, detail = {}) => {
    if (next === mode) return;
    mode = next;
    onMode(next, detail);
  };

  /** Flux terminés vite de suite (ils livrent l'état initial puis coupent) : le délai grandit aussi. */
  let shortLived = 0;

  while (!signal.aborted) {
    const attempt = new AbortController();
    const openedAt = Date.now();
    const forward = () => attempt.abort();
    signal.addEventListener('abort', forward, { once: true });
    // Page quittée ou mise en cache (retour arrière) : le flux se ferme tout de suite, sans attendre que
    // le navigateur s'en charge (une connexion gardée compte parmi les six par serveur). Une page restaurée
    // se reconnecte au tour suivant.
    globalThis.addEventListener?.('pagehide', forward);
    let received = false;
    let failure = null;
    if (!fallen) setMode('connecting', { reconnect: mode !== null });
    try {
      const headers = { Accept: 'text/event-stream' };
      const token = getToken();
      if (token) headers.Authorization = `Bearer ${token}`;
      const response = await fetchImpl(url, { headers, cache: 'no-store', credentials: 'omit', signal: attempt.signal });
      if (response.status === 401) {
        onUnauthorized();
        return;
      }
      if (UNAVAILABLE.has(response.status)) {
        setMode('fallback', { permanent: true, status: response.status });
        return;
      }
      const type = response.headers.get('Content-Type') || '';
      if (!response.ok || !type.startsWith('text/event-stream') || !response.body) {
        throw new StreamFailure(`HTTP ${response.status} ${type}`, { status: response.status, retryAfterMs: retryAfter(response) });
      }
      await readStream(response.body, attempt, opts.idleTimeoutMs, {
        onEvent(event) {
          if (signal.aborted) return;
          if (!received) {
            received = true;
            failures = 0;
            fallen = false;
            setMode('live');
          }
          let data;
          try {
            data = JSON.parse(event.data);
          } catch {
            return;
          }
          onEvent({ type: event.type, data });
        },
        onRetry(ms) {
          serverRetryMs = ms;
        },
      });
    } catch (error) {
      failure = error;
    } finally {
      // Fin de tentative, quelle qu'en soit la raison : la connexion est fermée (corps non lu compris).
      attempt.abort();
      signal.removeEventListener('abort', forward);
      globalThis.removeEventListener?.('pagehide', forward);
    }
    if (signal.aborted) return;
    // Un flux qui a livré des événements puis s'est terminé (arrêt du serveur, coupure) : on se
    // reconnecte sans compter d'échec. Sinon l'échec compte, et trois de suite renvoient au sondage.
    if (!received) failures += 1;
    else shortLived = Date.now() - openedAt < SHORT_STREAM_MS ? shortLived + 1 : 0;
    if (!fallen && failures >= opts.failuresBeforeFallback) {
      fallen = true;
      setMode('fallback', { permanent: false });
    }
    const exponent = Math.max(0, Math.max(failures, shortLived) - 1);
    let delay = Math.min(opts.maxDelayMs, opts.initialDelayMs * 2 ** exponent);
    if (serverRetryMs !== null) delay = Math.max(delay, Math.min(serverRetryMs, opts.maxDelayMs));
    if (failure instanceof StreamFailure && failure.retryAfterMs) delay = Math.max(delay, failure.retryAfterMs);
    delay = Math.round(delay * (0.8 + Math.random() * 0.4));
    await pause(delay, signal);
  }
}

/**
 * Lit `body` jusqu'au bout en passant chaque événement à `handlers.onEvent`. Un silence plus long que
 * `idleMs` (ni événement ni ping) annule la tentative : la connexion est tenue pour morte.
 */
async function readStream(body, attempt, idleMs, handlers) {
  const reader = body.getReader();
  const decoder = new TextDecoder('utf-8');
  const parser = createSseParser({ onEvent: handlers.onEvent, onRetry: handlers.onRetry });
  // Tentative annulée (vue quittée, chien de garde) : la lecture en cours se termine aussitôt.
  const cancel = () => reader.cancel().catch(() => {});
  attempt.signal.addEventListener('abort', cancel, { once: true });
  let watchdog = null;
  const arm = () => {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => attempt.abort(), idleMs);
  };
  arm();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      arm();
      parser.push(decoder.decode(value, { stream: true }));
    }
    parser.push(decoder.decode());
    parser.end();
  } finally {
    clearTimeout(watchdog);
    attempt.signal.removeEventListener('abort', cancel);
  }
}
