// Composant de vérification partagé par les étapes à vérifications et par le quiz : une requête à la
// fois, annulée avec la vue (signal), zone de résultats `aria-busy` pendant l'attente, libellé d'attente
// sur le bouton, et le focus rendu au bouton quand le résultat arrive (le bouton désactivé le perd).

import { spinner } from './dom.js';
import { quiet } from './api.js';

/**
 * Relie `button` à une requête. `request(payload)` renvoie le résultat ; `onResult(result)` l'affiche
 * (peut être asynchrone) ; `onError(message)` affiche une erreur. Renvoie `trigger(payload)`.
 */
export function verifyFlow({ button, region, idleLabel, busyLabel, signal, request, onResult, onError }) {
  let busy = false;

  async function trigger(payload) {
    if (busy) return;
    busy = true;
    const active = document.activeElement;
    const hadFocus = active === button || button.contains(active);
    button.disabled = true;
    region.setAttribute('aria-busy', 'true');
    button.replaceChildren(spinner(busyLabel));
    try {
      const result = await request(payload);
      if (signal.aborted) return;
      await onResult(result);
    } catch (error) {
      if (quiet(error, signal)) return;
      onError(error.message);
    } finally {
      busy = false;
      if (!signal.aborted) {
        region.removeAttribute('aria-busy');
        button.disabled = false;
        button.textContent = idleLabel;
        const now = document.activeElement;
        if (hadFocus && (!now || now === document.body || now === button)) button.focus({ preventScroll: true });
      }
    }
  }

  return trigger;
}
