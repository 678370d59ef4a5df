// Page « Données personnelles » : le texte est dans donnees-personnelles.html ; ce module n'y ajoute que
// ce qui dépend de la configuration du serveur (durée de conservation, kubeconfig des apprenants).

import { apiFetch } from './api.js';

/** Complète la page `doc` d'après `GET /api/privacy`. */
export async function start(doc = document) {
  let settings;
  try {
    settings = await apiFetch('/api/privacy');
  } catch {
    return; // le texte par défaut reste juste : sans durée configurée, rien n'est effacé d'office
  }
  const retention = doc.getElementById('retention-text');
  const days = settings && settings.retentionDays;
  if (retention && Number.isInteger(days) && days > 0) {
    retention.textContent = `Tant que vous utilisez Atelier, puis ${days} jour${days > 1 ? 's' : ''} après votre dernière activité (inscription, ouverture d'une étape, vérification)\u00a0: passé ce délai, vos données sont effacées automatiquement (le serveur le vérifie à chaque démarrage et chaque jour). Vous ou votre formateur pouvez les effacer avant.`;
  }
  const kubeconfig = doc.getElementById('kubeconfig-item');
  if (kubeconfig && settings && settings.learnerKubeconfig) kubeconfig.hidden = false;
}
