// Client de l'API REST décrite dans docs/DESIGN.md.
// Les erreurs portent le message français du serveur (`error.message`), à afficher tel quel.

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }

  get unauthorized() {
    return this.status === 401;
  }
}

const NETWORK_MESSAGE = 'Le serveur Atelier ne répond pas. Vérifiez votre connexion, puis réessayez.';

/**
 * Appelle l'API. `token` ajoute `Authorization: Bearer …` ; `body` est envoyé en JSON, `plain` tel quel (text/plain).
 * Renvoie le JSON décodé (ou le texte si `raw`), lève `ApiError` sinon.
 */
export async function apiFetch(path, { method = 'GET', token, body, plain, signal, accept = 'application/json', raw = false } = {}) {
  const headers = { Accept: accept };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (plain !== undefined) headers['Content-Type'] = 'text/plain; charset=utf-8';
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: plain !== undefined ? plain : (body === undefined ? undefined : JSON.stringify(body)),
      cache: 'no-store',
      credentials: 'omit',
      signal,
    });
  } catch (error) {
    if (error && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', NETWORK_MESSAGE);
  }
  if (raw && response.ok) return response;
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) {
    const err = data && typeof data === 'object' ? data.error : null;
    const message = err && typeof err.message === 'string' && err.message
      ? err.message
      : `Réponse inattendue du serveur (HTTP ${response.status}).`;
    throw new ApiError(response.status, (err && err.code) || `http_${response.status}`, message);
  }
  if (data === null && text) {
    throw new ApiError(response.status, 'bad_json', 'Réponse illisible du serveur.');
  }
  return data;
}

/** Encode un segment de chemin (identifiants de leçon, d'étape, d'apprenant). */
export function seg(value) {
  return encodeURIComponent(String(value));
}

/** Erreur déjà traitée (401 : retour au formulaire) : l'appelant n'a plus rien à afficher. */
export class Handled extends Error {}

/** Vrai si l'erreur n'appelle aucun affichage : requête annulée (vue quittée) ou déjà traitée. */
export function quiet(error, signal) {
  return error instanceof Handled || (error && error.name === 'AbortError') || Boolean(signal && signal.aborted);
}
