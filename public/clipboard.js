// Copie dans le presse-papiers : API asynchrone si disponible (contexte sécurisé),
// sinon repli sur une zone de texte temporaire + execCommand (HTTP simple en salle de cours).

function withTimeout(promise, ms) {
  return Promise.race([
    promise,
    new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), ms)),
  ]);
}

function legacyCopy(text) {
  const active = document.activeElement;
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.className = 'clipboard-helper';
  document.body.append(area);
  area.select();
  area.setSelectionRange(0, text.length);
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  if (active && typeof active.focus === 'function') active.focus();
  return ok;
}

/** Copie `text` ; renvoie true si la copie a réussi. */
export async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await withTimeout(navigator.clipboard.writeText(text), 1500);
      return true;
    } catch {
      // repli ci-dessous
    }
  }
  return legacyCopy(text);
}

/** Sélectionne le contenu d'un élément pour permettre Ctrl+C quand la copie est refusée. */
export function selectContents(el) {
  const range = document.createRange();
  range.selectNodeContents(el);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}
