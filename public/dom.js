// Petits utilitaires DOM. Toute chaîne venant du serveur ou d'un apprenant
// passe par des nœuds texte (append de chaîne ou textContent), jamais par innerHTML.

/**
 * Crée un élément. `attrs` : `class`, `text`, `on<event>`, `dataset`, `hidden`…
 * Les enfants de type chaîne deviennent des nœuds texte.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

/** Ajoute des enfants (nœuds ou chaînes, tableaux acceptés) en ignorant null/false. */
export function append(parent, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    parent.append(child instanceof Node ? child : String(child));
  }
  return parent;
}

/** Vide un élément. */
export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

/** Texte réservé aux lecteurs d'écran. */
export function srOnly(text) {
  return h('span', { class: 'sr-only', text });
}

/** Indicateur de chargement accessible. */
export function spinner(label) {
  return h('span', { class: 'loading' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), label);
}

/** Panneau d'erreur (role=alert) avec un bouton « Réessayer » facultatif. */
export function errorPanel(message, retry) {
  return h('div', { class: 'card error-panel', role: 'alert' },
    h('p', {}, h('strong', {}, '⚠️ '), message),
    retry ? h('button', { type: 'button', class: 'button', onclick: retry }, 'Réessayer') : null);
}

let idCounter = 0;
/** Identifiant unique pour relier labels, aria-controls, etc. */
export function uid(prefix = 'id') {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/** Transforme un titre en identifiant d'ancre lisible (« Créer le Service » → « creer-le-service »). */
export function slugify(text) {
  const slug = String(text)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'section';
}

/**
 * Remplace le contenu de `el` seulement si son texte (ou sa classe) change : une région `aria-live`
 * réécrite avec le même texte est relue par les lecteurs d'écran. Renvoie true si le contenu a changé.
 */
export function replaceIfChanged(el, children, className = el.className) {
  const next = append(document.createElement(el.tagName), children);
  if (el.className === className && el.textContent === next.textContent) return false;
  el.className = className;
  el.replaceChildren(...next.childNodes);
  return true;
}

/** Écrit `text` dans `el` seulement s'il diffère (régions live : pas de relecture à l'identique). */
export function setTextIfChanged(el, text) {
  if (el.textContent === text) return false;
  el.textContent = text;
  return true;
}

function sameKind(a, b) {
  if (a.nodeType !== b.nodeType || a.nodeName !== b.nodeName) return false;
  if (a.nodeType !== Node.ELEMENT_NODE) return true;
  return (a.dataset.key || '') === (b.dataset.key || '');
}

/**
 * Met `from` à jour pour qu'il ressemble à `to` en gardant les nœuds existants quand leur nature ne change
 * pas : le focus, la sélection et l'élément sous le pointeur survivent à une actualisation. Les éléments
 * portant des `data-key` différents sont remplacés, jamais recyclés l'un pour l'autre.
 * Les écouteurs de `to` ne sont pas recopiés : un écouteur doit lire ses données sur l'élément (dataset).
 */
export function morph(from, to) {
  const active = document.activeElement;
  morphNode(from, to);
  // Un élément focalisé déplacé (ligne remplacée puis réinsérée) retrouve le focus.
  if (active && active !== document.body && active.isConnected && document.activeElement !== active) active.focus({ preventScroll: true });
  return from;
}

function morphNode(from, to) {
  if (from.nodeType !== Node.ELEMENT_NODE) {
    if (from.nodeValue !== to.nodeValue) from.nodeValue = to.nodeValue;
    return from;
  }
  for (const { name } of [...from.attributes]) if (!to.hasAttribute(name)) from.removeAttribute(name);
  for (const { name, value } of [...to.attributes]) if (from.getAttribute(name) !== value) from.setAttribute(name, value);
  const olds = [...from.childNodes];
  const news = [...to.childNodes];
  news.forEach((next, i) => {
    const old = olds[i];
    if (!old) from.append(next);
    else if (sameKind(old, next)) morphNode(old, next);
    else old.replaceWith(next);
  });
  for (const extra of olds.slice(news.length)) extra.remove();
  return from;
}

/** Remplace les enfants de `el` par `children` à la manière de `morph` (nœuds inchangés conservés). */
export function patchChildren(el, children) {
  return morph(el, append(el.cloneNode(false), children));
}
