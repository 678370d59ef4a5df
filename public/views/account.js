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


  clear(root);
  append(root, h('main', { id: 'contenu', class: 'narrow account', tabindex: '-1' },
    h('p', { class: 'kicker' }, ctx.stepLink(null, { class: 'back-link' }, '← Retour à l\'exercice')),
    h('h1', {}, 'Mon cluster et mes données'),
    clusterSection));

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

  loadCluster();
  ctx.focusMain(true);
  return () => {};
}
