// Words of the price-card creation form (FR/EN), in the staff chunk.
import { useDictionary } from "../../i18n/i18n";

const en = {
  "create.open": "New price card",
  "create.title": "New price card",
  "create.name": "Name of the new card",
  "create.rules": "Rules (the most specific matching rule prices a seat)",
  "create.audience": "Audience of rule {n}",
  "create.amount": "Amount in € of rule {n}",
  "create.seatKind": "Seat kind of rule {n}",
  "create.format": "Format of rule {n}",
  "create.any": "Any",
  "create.remove": "Remove rule {n}",
  "create.add": "Add a rule",
  "create.submit": "Create the price card",
  "create.done": "Price card created: {name}",
  "create.hint": "Days and hours can be added afterwards with Edit (JSON rules).",
  "create.col.audience": "Audience",
  "create.col.amount": "Amount (€)",
  "create.col.seatKind": "Seat kind",
  "create.col.format": "Format",
  "audience.adult": "Adult",
  "audience.child": "Child",
  "audience.student": "Student",
  "audience.senior": "Senior",
};

export type PriceKey = keyof typeof en;

const fr: Record<PriceKey, string> = {
  "create.open": "Nouvelle grille tarifaire",
  "create.title": "Nouvelle grille tarifaire",
  "create.name": "Nom de la nouvelle grille",
  "create.rules": "Règles (la règle la plus précise qui s’applique fixe le prix d’une place)",
  "create.audience": "Public de la règle {n}",
  "create.amount": "Montant en € de la règle {n}",
  "create.seatKind": "Type de place de la règle {n}",
  "create.format": "Format de la règle {n}",
  "create.any": "Tous",
  "create.remove": "Supprimer la règle {n}",
  "create.add": "Ajouter une règle",
  "create.submit": "Créer la grille",
  "create.done": "Grille créée : {name}",
  "create.hint": "Jours et horaires peuvent s’ajouter ensuite avec Modifier (règles JSON).",
  "create.col.audience": "Public",
  "create.col.amount": "Montant (€)",
  "create.col.seatKind": "Type de place",
  "create.col.format": "Format",
  "audience.adult": "Adulte",
  "audience.child": "Enfant",
  "audience.student": "Étudiant",
  "audience.senior": "Senior",
};

export function usePriceT() {
  const { translate } = useDictionary<PriceKey>({ en, fr });
  return { prt: translate };
}
