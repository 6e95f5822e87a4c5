// The seat-map editor's words (FR/EN), in the staff chunk.
import { useI18n } from "../../i18n/i18n";
import { interpolate } from "../../i18n/interpolate";

const en = {
  "title": "Seat maps",
  "cinema": "Cinema",
  "auditorium": "Auditorium",
  "new": "New auditorium",
  "name": "Auditorium name",
  "rows": "Rows",
  "row.label": "Row label",
  "row.seats": "Seats",
  "row.gaps": "Aisles after seats (e.g. 4, 8)",
  "row.remove": "Remove row {label}",
  "row.add": "Add a row",
  "row.labelOf": "Label of row {n}",
  "row.seatsOf": "Seats of row {label}",
  "row.gapsOf": "Aisles of row {label}",
  "paint": "Clicking a seat makes it",
  "paint.standard": "Standard",
  "paint.premium": "Premium",
  "paint.wheelchair": "Wheelchair",
  "paint.companion": "Companion",
  "paint.blocked": "Blocked (not sold)",
  "map": "Seat map preview",
  "screen": "Screen",
  "seat": "Row {row} seat {number}, {kind}",
  "summary": "{rows} rows, {seats} seats, {sellable} for sale",
  "save": "Save the seat map",
  "create": "Create the auditorium",
  "saved": "Seat map saved",
  "created": "Auditorium created",
  "inUse": "This auditorium has upcoming screenings with booked seats: its seat map cannot change until they are over (or cancelled).",
  "editUnavailable": "Editing an existing auditorium is not available yet (the scheduling API has no endpoint for it): you can create new auditoriums.",
  "problem.name": "Give the auditorium a name.",
  "problem.rows": "Add at least one row.",
  "problem.labels": "Every row needs a label.",
  "problem.duplicates": "Two rows have the same label.",
  "noCinema": "No cinema yet.",
  "keys": "Tab to a seat, then Enter or Space gives it the kind chosen above.",
};

export type AudKey = keyof typeof en;

const fr: Record<AudKey, string> = {
  "title": "Plans de salle",
  "cinema": "Cinéma",
  "auditorium": "Salle",
  "new": "Nouvelle salle",
  "name": "Nom de la salle",
  "rows": "Rangées",
  "row.label": "Nom de la rangée",
  "row.seats": "Places",
  "row.gaps": "Allées après les places (ex. 4, 8)",
  "row.remove": "Supprimer la rangée {label}",
  "row.add": "Ajouter une rangée",
  "row.labelOf": "Nom de la rangée {n}",
  "row.seatsOf": "Places de la rangée {label}",
  "row.gapsOf": "Allées de la rangée {label}",
  "paint": "Un clic sur une place la rend",
  "paint.standard": "Standard",
  "paint.premium": "Premium",
  "paint.wheelchair": "Fauteuil roulant",
  "paint.companion": "Accompagnant",
  "paint.blocked": "Condamnée (non vendue)",
  "map": "Aperçu du plan de salle",
  "screen": "Écran",
  "seat": "Rangée {row} place {number}, {kind}",
  "summary": "{rows} rangées, {seats} places, {sellable} en vente",
  "save": "Enregistrer le plan de salle",
  "create": "Créer la salle",
  "saved": "Plan de salle enregistré",
  "created": "Salle créée",
  "inUse": "Cette salle a des séances à venir avec des places réservées : son plan ne peut pas changer avant qu’elles soient passées (ou annulées).",
  "editUnavailable": "Modifier une salle existante n’est pas encore possible (l’API de programmation n’a pas de point d’accès pour cela) : vous pouvez créer de nouvelles salles.",
  "problem.name": "Donnez un nom à la salle.",
  "problem.rows": "Ajoutez au moins une rangée.",
  "problem.labels": "Chaque rangée doit avoir un nom.",
  "problem.duplicates": "Deux rangées portent le même nom.",
  "noCinema": "Aucun cinéma pour l’instant.",
  "keys": "Tabulez jusqu’à une place, puis Entrée ou Espace lui donne le type choisi ci-dessus.",
};

export function useAudT() {
  const { lang, locale } = useI18n();
  const dict: Record<AudKey, string> = lang === "fr" ? fr : en;
  return { lang, locale, at: (key: AudKey, values?: Record<string, string | number>) => interpolate(dict[key], values) };
}
