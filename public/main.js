// Point d'entrée des pages : le seul module qui agit à son chargement. Il démarre l'application de
// la page (apprenant sur index.html, formateur sur trainer.html, données personnelles sur donnees-personnelles.html, d'après `data-app` sur <body>) ;
// les autres modules n'exportent que des fonctions.

const apps = {
  learner: () => import('./app.js'),
  trainer: () => import('./trainer.js'),
  privacy: () => import('./privacy.js'),
};

const load = apps[document.body.dataset.app] || apps.learner;
load().then((module) => module.start(document));
