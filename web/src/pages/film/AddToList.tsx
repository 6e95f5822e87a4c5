import { FormEvent, useState } from "react";
import { catalogApi } from "../../api/catalog";
import { useSession } from "../../app/session";
import { useToast } from "../../app/toasts";
import { useAsync } from "../../app/useAsync";
import { problemLine } from "../../components/ErrorMessage";
import { useI18n } from "../../i18n/i18n";

/** Adds the film at the end of one of my lists (PUT /lists/{id}/films with the new order). */
export function AddToList({ filmId }: { filmId: string }) {
  const { t } = useI18n();
  const { user } = useSession();
  const toast = useToast();
  const lists = useAsync(async () => (user ? (await catalogApi.lists()).items : []), [user?.id]);
  const [chosen, setChosen] = useState("");
  if (!user || !lists.data || lists.data.length === 0) return null;
  const listId = chosen || lists.data[0].id;
  const add = async (e: FormEvent) => {
    e.preventDefault();
    const list = lists.data?.find((l) => l.id === listId);
    if (!list) return;
    if (list.films.some((f) => f.id === filmId)) {
      toast(t("film.alreadyInList", { list: list.name }));
      return;
    }
    try {
      await catalogApi.setListFilms(list.id, [...list.films.map((f) => f.id), filmId]);
      toast(t("film.addedToList", { list: list.name }), "success");
      lists.reload();
    } catch (err) {
      toast(problemLine(err, t), "error");
    }
  };
  return (
    <form className="row" onSubmit={add}>
      <label htmlFor="add-to-list">{t("film.addToList")}</label>
      <select id="add-to-list" value={listId} onChange={(e) => setChosen(e.target.value)}>
        {lists.data.map((l) => <option key={l.id} value={l.id}>{l.name}</option>)}
      </select>
      <button type="submit" className="button small secondary">{t("film.add")}</button>
    </form>
  );
}
