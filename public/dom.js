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
