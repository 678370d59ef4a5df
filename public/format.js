// Mise en forme française des dates et durées.

const clockFormat = new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit' });
const clockSecondsFormat = new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const dateTimeFormat = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'short' });

export function parseDate(iso) {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** « 10:32 » (heure locale). */
export function clock(iso, withSeconds = false) {
  const d = parseDate(iso);
  if (!d) return '';
  return (withSeconds ? clockSecondsFormat : clockFormat).format(d);
}

/** « 25/11/2026 10:32 ». */
export function dateTime(iso) {
  const d = parseDate(iso);
  return d ? dateTimeFormat.format(d) : '';
}

/** Durée courte : « 45 s », « 4 min », « 1 h 05 ». */
export function duration(seconds) {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return '';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${String(minutes % 60).padStart(2, '0')}`;
}

/** Chronomètre : « 07:05 » ou « 1:02:03 ». */
export function stopwatch(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = s % 60;
  const two = (n) => String(n).padStart(2, '0');
  return hh > 0 ? `${hh}:${two(mm)}:${two(ss)}` : `${two(mm)}:${two(ss)}`;
}

/** Âge d'un objet Kubernetes, comme kubectl : « 12s », « 3m », « 2h ». */
export function age(iso, now = Date.now()) {
  const d = parseDate(iso);
  if (!d) return '—';
  const s = Math.max(0, Math.floor((now - d.getTime()) / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 120) return `${m}m`;
  const hrs = Math.floor(m / 60);
  if (hrs < 48) return `${hrs}h`;
  return `${Math.floor(hrs / 24)}d`;
}

/** « il y a 3 min », « à l'instant ». */
export function ago(iso, now = Date.now()) {
  const d = parseDate(iso);
  if (!d) return '';
  const s = Math.floor((now - d.getTime()) / 1000);
  if (s < 10) return "à l'instant";
  return `il y a ${duration(s)}`;
}

/** Part facultative d'une leçon : « (+ 15 min pour aller plus loin) », vide si elle n'en a pas. */
export function optionalDuration(lesson) {
  return lesson && lesson.optionalMinutes > 0 ? `(+ ${lesson.optionalMinutes} min pour aller plus loin)` : '';
}

/** « 1 tentative », « 3 tentatives ». */
export function plural(n, singular, pluralForm = `${singular}s`) {
  return `${n} ${n > 1 ? pluralForm : singular}`;
}
