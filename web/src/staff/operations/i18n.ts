// The operations section's words for the signing keys (FR/EN), in the staff chunk. The parked
// messages' words are in ../i18n.ts ("ops.*").
import { useI18n } from "../../i18n/i18n";
import { interpolate } from "../../i18n/interpolate";

const en = {
  "keys.title": "Signing keys",
  "keys.intro": "The keys that sign every access token. Super admins only.",
  "keys.caption": "Signing keys, newest first",
  "keys.col.kid": "Key",
  "keys.col.status": "Status",
  "keys.col.created": "Created",
  "keys.col.activates": "Signs from",
  "keys.col.superseded": "Superseded",
  "keys.col.actions": "Actions",
  "keys.status.pending": "Pending",
  "keys.status.active": "Signing",
  "keys.status.verifying": "Verifying",
  "keys.status.expired": "Expired",
  "keys.status.retired": "Retired",
  "keys.legend": "What the statuses mean",
  "keys.legend.pending": "published, signs from its date on",
  "keys.legend.active": "signs the new tokens",
  "keys.legend.verifying": "replaced, still accepts the tokens it signed until they expire",
  "keys.legend.expired": "its tokens have all expired; no longer published",
  "keys.legend.retired": "withdrawn by hand; its tokens are refused",
  "keys.none": "No signing key.",
  "keys.loading": "Loading the signing keys…",
  "keys.showAll": "Show every key ({n})",
  "keys.showRecent": "Show only the recent keys",
  "keys.rotate": "Rotate now",
  "keys.rotateHelp": "A new key is published at once, so that every service knows it, and signs only after the pre-publication delay (2 minutes by default). The current key keeps accepting its tokens until they expire.",
  "keys.rotated": "New key {kid} published: it signs from {at}.",
  "keys.alreadyPending": "A key was already waiting: {kid} signs from {at}.",
  "keys.withdraw": "Withdraw key {kid}",
  "keys.withdrawShort": "Withdraw",
  "keys.confirmTitle": "Withdraw signing key {kid}?",
  "keys.confirmRefused": "It leaves the published keys at once: every token it signed is refused everywhere within 30 seconds.",
  "keys.confirmSigner": "When it is the signing key, a new key signs at once, without the pre-publication delay.",
  "keys.confirmSessions": "Users' sessions renew themselves (nobody is signed out for good); API clients sign in again. You may need to sign in again yourself if the app refuses you.",
  "keys.isActive": "This key signs now.",
  "keys.isPending": "This key has not signed yet: it would sign from {at}.",
  "keys.confirmButton": "Withdraw the key",
  "keys.withdrawn": "Key {kid} withdrawn. Key {signing} signs now.",
  "keys.signInAgain": "The withdrawn key's tokens are refused within 30 seconds; you may need to sign in again if the app refuses you.",
  "keys.refused": "The app was refused after the withdrawal: sign in again if it keeps happening.",
};

export type KeysKey = keyof typeof en;

const fr: Record<KeysKey, string> = {
  "keys.title": "Clés de signature",
  "keys.intro": "Les clés qui signent chaque jeton d’accès. Réservé aux super admins.",
  "keys.caption": "Clés de signature, les plus récentes d’abord",
  "keys.col.kid": "Clé",
  "keys.col.status": "Statut",
  "keys.col.created": "Créée le",
  "keys.col.activates": "Signe à partir du",
  "keys.col.superseded": "Remplacée le",
  "keys.col.actions": "Actions",
  "keys.status.pending": "En attente",
  "keys.status.active": "Signe",
  "keys.status.verifying": "Vérifie",
  "keys.status.expired": "Expirée",
  "keys.status.retired": "Retirée",
  "keys.legend": "Ce que disent les statuts",
  "keys.legend.pending": "publiée, signe à partir de sa date",
  "keys.legend.active": "signe les nouveaux jetons",
  "keys.legend.verifying": "remplacée, accepte encore les jetons qu’elle a signés jusqu’à leur expiration",
  "keys.legend.expired": "tous ses jetons ont expiré ; elle n’est plus publiée",
  "keys.legend.retired": "retirée à la main ; ses jetons sont refusés",
  "keys.none": "Aucune clé de signature.",
  "keys.loading": "Chargement des clés de signature…",
  "keys.showAll": "Afficher toutes les clés ({n})",
  "keys.showRecent": "N’afficher que les clés récentes",
  "keys.rotate": "Changer de clé maintenant",
  "keys.rotateHelp": "Une nouvelle clé est publiée tout de suite, pour que chaque service la connaisse, et ne signe qu’après le délai de pré-publication (2 minutes par défaut). La clé actuelle continue d’accepter ses jetons jusqu’à leur expiration.",
  "keys.rotated": "Nouvelle clé {kid} publiée : elle signe à partir du {at}.",
  "keys.alreadyPending": "Une clé attendait déjà : {kid} signe à partir du {at}.",
  "keys.withdraw": "Retirer la clé {kid}",
  "keys.withdrawShort": "Retirer",
  "keys.confirmTitle": "Retirer la clé de signature {kid} ?",
  "keys.confirmRefused": "Elle quitte tout de suite les clés publiées : chaque jeton qu’elle a signé est refusé partout dans les 30 secondes.",
  "keys.confirmSigner": "Si c’est la clé qui signe, une nouvelle clé signe aussitôt, sans délai de pré-publication.",
  "keys.confirmSessions": "Les sessions des utilisateurs se renouvellent d’elles-mêmes (personne n’est déconnecté pour de bon) ; les clients de l’API se reconnectent. Il vous faudra peut-être vous reconnecter si l’application vous refuse.",
  "keys.isActive": "Cette clé signe en ce moment.",
  "keys.isPending": "Cette clé n’a encore rien signé : elle signerait à partir du {at}.",
  "keys.confirmButton": "Retirer la clé",
  "keys.withdrawn": "Clé {kid} retirée. La clé {signing} signe désormais.",
  "keys.signInAgain": "Les jetons de la clé retirée sont refusés dans les 30 secondes ; il vous faudra peut-être vous reconnecter si l’application vous refuse.",
  "keys.refused": "L’application a été refusée après le retrait : reconnectez-vous si cela se reproduit.",
};

export const keysMessages = { en, fr };

export function useKeysT() {
  const { lang, locale } = useI18n();
  const dict: Record<KeysKey, string> = lang === "fr" ? fr : en;
  return { lang, locale, kt: (key: KeysKey, values?: Record<string, string | number>) => interpolate(dict[key], values, lang === "fr") };
}
