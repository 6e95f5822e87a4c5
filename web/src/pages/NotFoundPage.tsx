import { Link } from "../app/Link";
import { useTitle } from "../components/useTitle";
import { useI18n } from "../i18n/i18n";

export default function NotFoundPage() {
  const { t } = useI18n();
  useTitle(t("notFound.title"));
  return (
    <div className="page narrow">
      <h1>{t("notFound.title")}</h1>
      <p>{t("notFound.text")}</p>
      <Link className="button" href="/">{t("notFound.home")}</Link>
    </div>
  );
}
