// Vue « Mon cluster et mes données » (`?page=compte`) : connecter son propre cluster (coller la sortie de
// `microk8s config`, si le serveur l'accepte) ; télécharger ou supprimer ses données.
// Le kubeconfig envoyé n'est jamais relu par le navigateur : le serveur ne renvoie que l'adresse du cluster.

import { quiet } from '../api.js';
import { h, clear, append, spinner, uid } from '../dom.js';

export function mount(root, ctx) {
  document.title = 'Mon cluster et mes données — Atelier';

  const clusterStatus = h('p', { class: 'cluster-status', role: 'status', 'aria-live': 'polite' }, spinner('Chargement…'));
  const textareaId = uid('kubeconfig');
  const helpId = uid('kubeconfig-aide');
  const textarea = h('textarea', {
    id: textareaId, class: 'kubeconfig-input', rows: '12', spellcheck: 'false', autocomplete: 'off',
    autocapitalize: 'off', 'aria-describedby': helpId, placeholder: 'apiVersion: v1\nclusters:\n- cluster:\n    …',
  });
  const connectButton = h('button', { type: 'submit', class: 'button primary' }, 'Connecter ce cluster');
  const disconnectButton = h('button', { type: 'button', class: 'button', hidden: true }, 'Revenir au cluster du serveur');
  const clusterError = h('p', { class: 'form-error', role: 'alert' });
  const clusterForm = h('form', { class: 'kubeconfig-form', hidden: true },
    h('label', { for: textareaId }, 'Sortie de ', h('code', {}, 'microk8s config')),
    h('p', { id: helpId, class: 'muted small' },
      'Sur la machine de votre cluster, lancez ', h('code', {}, 'microk8s config'),
      ' et collez ici tout ce qu\'elle affiche. Atelier refuse tout kubeconfig qui exécuterait une commande ou lirait un fichier, et n\'accepte que l\'adresse IP d\'un cluster du réseau de la salle.'),
    textarea,
    h('div', { class: 'form-actions' }, connectButton),
    clusterError);
  const clusterSection = h('section', { class: 'card cluster-card', 'aria-labelledby': 'titre-cluster' },
    h('h2', { id: 'titre-cluster' }, 'Mon cluster'),
    clusterStatus, disconnectButton, clusterForm);


  const exportButton = h('button', { type: 'button', class: 'button export-data' }, 'Télécharger mes données');
  const deleteButton = h('button', { type: 'button', class: 'button danger delete-data', 'aria-expanded': 'false' }, 'Supprimer mes données');
  const confirmButton = h('button', { type: 'button', class: 'button danger confirm-delete' }, 'Oui, tout supprimer définitivement');
  const cancelButton = h('button', { type: 'button', class: 'button cancel-delete' }, 'Annuler');
  const confirmBox = h('div', { class: 'confirm-delete-box', role: 'group', 'aria-labelledby': 'confirm-delete-title', hidden: true },
    h('p', { id: 'confirm-delete-title' }, h('strong', {}, 'Tout effacer\u202f?'),
      ' Votre nom, votre progression, vos résultats et, s\'il y en a un, le kubeconfig de votre cluster seront effacés du serveur, tout de suite et sans retour possible. Téléchargez d\'abord vos données si vous voulez les garder.'),
    h('div', { class: 'form-actions' }, confirmButton, cancelButton));
  const dataError = h('p', { class: 'form-error', role: 'alert' });
  const dataSection = h('section', { class: 'card data-card', 'aria-labelledby': 'titre-donnees' },
    h('h2', { id: 'titre-donnees' }, 'Mes données'),
    h('p', {}, 'Atelier garde votre nom, vos heures de passage et les résultats de vos vérifications (avec les noms d\'objets et les adresses IP de votre cluster qu\'ils citent). ',
      h('a', { href: '/donnees-personnelles' }, 'Ce qui est gardé, pourquoi, combien de temps et qui le voit'), '.'),
    h('div', { class: 'form-actions' }, exportButton, deleteButton),
    confirmBox, dataError);

  clear(root);
  append(root, h('main', { id: 'contenu', class: 'narrow account', tabindex: '-1' },
    h('p', { class: 'kicker' }, ctx.stepLink(null, { class: 'back-link' }, '← Retour à l\'exercice')),
    h('h1', {}, 'Mon cluster et mes données'),
    clusterSection, dataSection));

  function showCluster(status) {
    clusterError.textContent = '';
    if (!status.enabled) {
      clear(clusterStatus);
      append(clusterStatus, 'Vos vérifications utilisent le cluster configuré par votre formateur sur le serveur Atelier.');
      clusterForm.hidden = true;
      disconnectButton.hidden = true;
      return;
    }
    clear(clusterStatus);
    if (status.connected) {
      append(clusterStatus, ['✅ Vos vérifications utilisent votre cluster\u00a0: ', h('code', {}, status.server || ''), '.']);
      connectButton.textContent = 'Remplacer par ce kubeconfig';
    } else {
      append(clusterStatus, 'Vos vérifications utilisent le cluster du serveur Atelier. Pour utiliser le vôtre, collez son kubeconfig ci-dessous.');
      connectButton.textContent = 'Connecter ce cluster';
    }
    disconnectButton.hidden = !status.connected;
    clusterForm.hidden = false;
  }

  async function loadCluster() {
    try {
      showCluster(await ctx.api('/api/me/kubeconfig'));
    } catch (error) {
      if (quiet(error, ctx.signal)) return;
      clear(clusterStatus);
      append(clusterStatus, error.message);
    }
  }

  clusterForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    clusterError.textContent = '';
    if (!textarea.value.trim()) {
      clusterError.textContent = 'Collez d\'abord la sortie de «\u202fmicrok8s config\u202f».';
      textarea.focus();
      return;
    }
    connectButton.disabled = true;
    try {
      await ctx.api('/api/me/kubeconfig', { method: 'PUT', plain: textarea.value });
      textarea.value = '';
      await loadCluster();
    } catch (error) {
      if (quiet(error, ctx.signal)) return;
      clusterError.textContent = error.message;
      textarea.focus();
    } finally {
      connectButton.disabled = false;
    }
  });

  disconnectButton.addEventListener('click', async () => {
    disconnectButton.disabled = true;
    try {
      await ctx.api('/api/me/kubeconfig', { method: 'DELETE' });
      await loadCluster();
    } catch (error) {
      if (quiet(error, ctx.signal)) return;
      clusterError.textContent = error.message;
    } finally {
      disconnectButton.disabled = false;
    }
  });

  exportButton.addEventListener('click', async () => {
    dataError.textContent = '';
    exportButton.disabled = true;
    try {
      const response = await ctx.api('/api/me/export', { raw: true });
      const blob = await response.blob();
      const url = URL.createObjectURL(blob);
      const link = h('a', { href: url, download: `atelier-mes-donnees-${ctx.state.learner.id}.json`, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (error) {
      if (quiet(error, ctx.signal)) return;
      dataError.textContent = error.message;
    } finally {
      exportButton.disabled = false;
    }
  });

  deleteButton.addEventListener('click', () => {
    confirmBox.hidden = false;
    deleteButton.setAttribute('aria-expanded', 'true');
    cancelButton.focus();
  });
  cancelButton.addEventListener('click', () => {
    confirmBox.hidden = true;
    deleteButton.setAttribute('aria-expanded', 'false');
    deleteButton.focus();
  });
  confirmButton.addEventListener('click', async () => {
    dataError.textContent = '';
    confirmButton.disabled = true;
    try {
      await ctx.api('/api/me', { method: 'DELETE' });
    } catch (error) {
      confirmButton.disabled = false;
      if (quiet(error, ctx.signal)) return;
      dataError.textContent = error.message;
      return;
    }
    ctx.saveLearner(null);
    ctx.state.me = null;
    ctx.state.notice = 'Vos données ont été supprimées du serveur. Pour refaire l\'exercice, saisissez un nom.';
    ctx.updateHeader();
    const url = new URL(location.href);
    url.searchParams.delete('page');
    history.replaceState(null, '', `${url.pathname}${url.search}`);
    ctx.route({ focus: true });
  });

  loadCluster();
  ctx.focusMain(true);
  return () => {};
}
