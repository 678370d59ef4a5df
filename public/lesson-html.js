// Insertion du HTML de leçon rendu par le serveur (introduction, étapes, solutions) :
// c'est le seul HTML inséré tel quel. On l'enrichit ensuite : boutons « Copier »,
// ancres sur les titres, tableaux défilants, liens externes.

import { h, slugify } from './dom.js';
import { copyText, selectContents } from './clipboard.js';

const usedIds = new Set();
let tableCount = 0;

/** Insère le HTML serveur dans `container` puis l'enrichit. `idPrefix` évite les collisions d'ancres. */
export function renderLessonHtml(container, html, { idPrefix = '' } = {}) {
  container.innerHTML = typeof html === 'string' ? html : '';
  enhance(container, idPrefix);
  return container;
}

/** Nouvelle page : identifiants d'ancres et numéros de tableaux repartent de zéro. */
export function resetAnchors() {
  usedIds.clear();
  tableCount = 0;
}

function uniqueId(base) {
  let id = base;
  let n = 2;
  while (usedIds.has(id) || document.getElementById(id)) {
    id = `${base}-${n}`;
    n += 1;
  }
  usedIds.add(id);
  return id;
}

function enhance(root, idPrefix) {
  // Ancres sur les titres (h2 à h4) : lien « # » visible au survol et au focus.
  for (const heading of root.querySelectorAll('h2, h3, h4')) {
    if (!heading.id) heading.id = uniqueId(`${idPrefix}${slugify(heading.textContent)}`);
    const anchor = h('a', {
      class: 'heading-anchor',
      href: `#${heading.id}`,
      'aria-label': `Lien vers la section «\u202f${heading.textContent.trim()}\u202f»`,
    }, '#');
    heading.append(' ', anchor);
  }

  // Tableaux : conteneur à défilement horizontal sur petit écran, chacun avec son propre nom
  // (numéro dans la page et en-têtes de colonnes) pour que deux régions ne se confondent pas.
  for (const table of root.querySelectorAll('table')) {
    if (table.parentElement && table.parentElement.classList.contains('table-scroll')) continue;
    tableCount += 1;
    const heads = [...table.querySelectorAll('thead th, tr:first-child th')].map((th) => th.textContent.trim()).filter(Boolean);
    const label = `Tableau ${tableCount}${heads.length ? `\u00a0: ${heads.slice(0, 3).join(', ')}` : ''} (défilement horizontal)`;
    const wrapper = h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': label });
    table.replaceWith(wrapper);
    wrapper.append(table);
  }

  // Blocs de commande : bouton « Copier » avec retour « Copié ! ». Un seul arrêt de tabulation par bloc
  // (le bouton) : le code passe à la ligne au lieu de défiler (CSS), le <pre> n'a donc pas à être focalisable.
  // Les sorties attendues (`pre.output` ou `pre.lesson-output`, blocs ```text) ne se copient pas.
  for (const pre of root.querySelectorAll('pre')) {
    const code = pre.querySelector('code') || pre;
    if (pre.matches('.output, .lesson-output')) continue;
    if (pre.parentElement && pre.parentElement.classList.contains('code-block')) continue;
    const wrapper = h('div', { class: 'code-block' });
    const status = h('span', { class: 'copy-status', role: 'status', 'aria-live': 'polite' });
    const button = h('button', { type: 'button', class: 'copy-button', title: 'Copier dans le presse-papiers' }, 'Copier');
    let resetTimer = null;
    button.addEventListener('click', async () => {
      const text = code.textContent.replace(/\n$/, '');
      const ok = await copyText(text);
      clearTimeout(resetTimer);
      if (ok) {
        button.textContent = 'Copié\u202f!';
        button.classList.add('copied');
        status.textContent = 'Code copié dans le presse-papiers.';
      } else {
        button.textContent = 'Copie impossible';
        status.textContent = 'Copie refusée par le navigateur\u00a0: le code est sélectionné, utilisez Ctrl+C.';
        selectContents(code);
      }
      resetTimer = setTimeout(() => {
        button.textContent = 'Copier';
        button.classList.remove('copied');
        status.textContent = '';
      }, 2000);
    });
    pre.replaceWith(wrapper);
    wrapper.append(button, status, pre);
  }

  // Liens sortants : nouvel onglet, sans fuite de l'origine.
  for (const link of root.querySelectorAll('a[href]')) {
    const href = link.getAttribute('href');
    if (/^https?:\/\//i.test(href) && !href.startsWith(location.origin)) {
      link.setAttribute('target', '_blank');
      link.setAttribute('rel', 'noopener noreferrer');
    }
  }
}
