import { FormEvent, useState } from "react";
import { Link } from "../../app/Link";
import { useAsync } from "../../app/useAsync";
import { useToast } from "../../app/toasts";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Confirm } from "../Confirm";
import { categoriesApi, isMissingRoute } from "./api";
import { useCatalogT } from "./i18n";
import { buildTree, Category, CategoryNode, flatten, sameId, subtreeIds } from "./tree";

/** /staff/films/categories: the nested categories as a tree; create, rename, move (a "Move to…"
 * select: keyboard friendly), delete. */
export function CategoriesPage() {
  const { ct } = useCatalogT();
  const { data, error, loading, reload } = useAsync((signal) => categoriesApi.list(signal), []);
  const [noPatch, setNoPatch] = useState(false);
  const tree = data ? buildTree(data.items) : [];
  const all = flatten(tree);
  return (
    <>
      <p><Link href="/staff/films">← {ct("cat.back")}</Link></p>
      <h1>{ct("cat.title")}</h1>
      <p className="muted">{ct("cat.intro")}</p>
      <CreateCategory all={all} onCreated={reload} />
      <section className="card stack section" aria-labelledby="cat-tree-title">
        <h2 id="cat-tree-title">{ct("cat.tree")}</h2>
        {noPatch && <p role="status"><strong>{ct("cat.noPatch")}</strong></p>}
        {error ? <ErrorMessage error={error} onRetry={reload} /> : null}
        {loading && !data ? <p className="muted" aria-busy="true">…</p> : null}
        {data && tree.length === 0 ? <p>{ct("cat.none")}</p> : null}
        {tree.length > 0 && (
          <ul className="cat-tree" aria-labelledby="cat-tree-title" aria-busy={loading}>
            {tree.map((n) => <Node key={n.id} node={n} all={all} onChange={reload} onNoPatch={() => setNoPatch(true)} />)}
          </ul>
        )}
      </section>
    </>
  );
}

function parentOptions(all: CategoryNode[], exclude?: Set<string>) {
  return all.filter((c) => !exclude?.has(c.id.toLowerCase()));
}

const indent = (c: CategoryNode) => "\u2014 ".repeat(c.depth) + c.name;

function CreateCategory({ all, onCreated }: { all: CategoryNode[]; onCreated: () => void }) {
  const { ct } = useCatalogT();
  const toast = useToast();
  const [name, setName] = useState("");
  const [kind, setKind] = useState<Category["kind"]>("collection");
  const [parent, setParent] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return;
    setBusy(true);
    setError(null);
    try {
      const made = await categoriesApi.create({ name: name.trim(), kind, parentId: parent || undefined });
      toast(ct("cat.created", { name: made.name }), "success");
      setName("");
      onCreated();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card stack section" aria-labelledby="cat-new-title">
      <h2 id="cat-new-title">{ct("cat.new")}</h2>
      <form onSubmit={submit} className="cat-form">
        <div className="field">
          <label htmlFor="cat-name">{ct("cat.name")}</label>
          <input id="cat-name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={80} />
        </div>
        <div className="field">
          <label htmlFor="cat-kind">{ct("cat.kind")}</label>
          <select id="cat-kind" value={kind} onChange={(e) => setKind(e.target.value as Category["kind"])}>
            <option value="collection">{ct("cat.kind.collection")}</option>
            <option value="genre">{ct("cat.kind.genre")}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="cat-parent">{ct("cat.parent")}</label>
          <select id="cat-parent" value={parent} onChange={(e) => setParent(e.target.value)}>
            <option value="">{ct("cat.root")}</option>
            {all.map((c) => <option key={c.id} value={c.id}>{indent(c)}</option>)}
          </select>
        </div>
        {error ? <ErrorMessage error={error} /> : null}
        <button type="submit" className="button" disabled={busy}>{ct("cat.create")}</button>
      </form>
    </section>
  );
}

function Node({ node, all, onChange, onNoPatch }: {
  node: CategoryNode; all: CategoryNode[]; onChange: () => void; onNoPatch: () => void;
}) {
  const { ct } = useCatalogT();
  const toast = useToast();
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(node.name);
  const [target, setTarget] = useState<string>(node.parentId ? node.parentId : "");
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      toast(done, "success");
      setRenaming(false);
      setConfirmDelete(false);
      onChange();
    } catch (err) {
      if (isMissingRoute(err)) onNoPatch();
      else setError(err);
    } finally {
      setBusy(false);
    }
  };
  const rename = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim() || name.trim() === node.name) return setRenaming(false);
    void run(() => categoriesApi.update(node.id, { name: name.trim() }), ct("cat.renamed", { name: name.trim() }));
  };
  const move = (e: FormEvent) => {
    e.preventDefault();
    if (sameId(target || null, node.parentId ?? null)) return;
    void run(() => categoriesApi.update(node.id, { parentId: target || null }), ct("cat.moved", { name: node.name }));
  };
  const excluded = subtreeIds(node);
  const moveId = `cat-move-${node.id}`;
  return (
    <li data-category={node.slug} data-depth={node.depth}>
      <div className="cat-node">
        {renaming ? (
          <form onSubmit={rename} className="cat-inline">
            <label className="visually-hidden" htmlFor={`cat-rename-${node.id}`}>{ct("cat.newName", { name: node.name })}</label>
            <input id={`cat-rename-${node.id}`} value={name} onChange={(e) => setName(e.target.value)} autoFocus required maxLength={80} />
            <button type="submit" className="button small" disabled={busy}>{ct("cat.save")}</button>
            <button type="button" className="button small secondary" onClick={() => { setRenaming(false); setName(node.name); }}>{ct("cat.cancel")}</button>
          </form>
        ) : (
          <strong className="cat-name">{node.name}</strong>
        )}
        <span className="tag">{ct(`cat.kind.${node.kind}`)}</span>
        <span className="muted">{node.slug} · {ct("cat.films", { n: node.filmCount ?? 0 })}</span>
        {!renaming && (
          <button type="button" className="button small secondary" onClick={() => setRenaming(true)} aria-label={ct("cat.rename", { name: node.name })}>
            {ct("cat.renameShort")}
          </button>
        )}
        <form onSubmit={move} className="cat-inline">
          <label htmlFor={moveId}>
            <span className="visually-hidden">{ct("cat.moveTo", { name: node.name })}</span>
            <span aria-hidden="true" className="muted">{ct("cat.parentShort")}</span>
          </label>
          <select id={moveId} value={target} onChange={(e) => setTarget(e.target.value)}>
            <option value="">{ct("cat.root")}</option>
            {parentOptions(all, excluded).map((c) => <option key={c.id} value={c.id}>{indent(c)}</option>)}
          </select>
          <button type="submit" className="button small secondary" disabled={busy || sameId(target || null, node.parentId ?? null)}
            aria-label={ct("cat.moveLabel", { name: node.name })}>
            {ct("cat.move")}
          </button>
        </form>
        <button type="button" className="button small danger" onClick={() => setConfirmDelete(true)} aria-label={ct("cat.delete", { name: node.name })}>
          {ct("cat.deleteShort")}
        </button>
      </div>
      {error ? <ErrorMessage error={error} /> : null}
      {confirmDelete && (
        <Confirm message={ct("cat.confirmDelete", { name: node.name })} busy={busy}
          onConfirm={() => run(() => categoriesApi.remove(node.id), ct("cat.deleted"))} onCancel={() => setConfirmDelete(false)} />
      )}
      {node.children.length > 0 && (
        <ul aria-label={node.name}>
          {node.children.map((c) => <Node key={c.id} node={c} all={all} onChange={onChange} onNoPatch={onNoPatch} />)}
        </ul>
      )}
    </li>
  );
}
