// Mesure de la barre du haut : sa hauteur réelle (elle passe sur deux lignes quand le texte grandit ou au
// zoom 200 %) alimente `--topbar-live`, dont dépendent scroll-padding-top et les colonnes collantes,
// pour qu'un élément qui reçoit le focus ne soit jamais caché dessous.

/** Suit la hauteur de `.topbar` ; renvoie la fonction qui arrête le suivi. */
export function trackTopbar(doc = document) {
  const bar = doc.querySelector('.topbar');
  if (!bar || typeof ResizeObserver !== 'function') return () => {};
  const rootStyle = doc.documentElement.style;
  let last = -1;
  const update = () => {
    const height = Math.ceil(bar.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    rootStyle.setProperty('--topbar-live', `${height}px`);
  };
  const observer = new ResizeObserver(update);
  observer.observe(bar);
  update();
  return () => {
    observer.disconnect();
    rootStyle.removeProperty('--topbar-live');
  };
}
