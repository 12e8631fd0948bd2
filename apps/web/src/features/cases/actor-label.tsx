import { UserText } from "../../components/user-text";
import { useI18n } from "../../i18n/i18n";
import { actorText } from "./dictionary";

/** Who took a step: the role in the interface's language, the person's name as recorded, and (demo) / （示例）. */
export function ActorLabel({ label }: { label: string }) {
  const { t, locale } = useI18n();
  const actor = actorText(label, locale);
  return (
    <span data-testid="case-event-actor">
      {actor.role}
      {actor.role && actor.name ? " " : null}
      {actor.name ? <UserText>{actor.name}</UserText> : null}
      {actor.isDemo ? t("cases.timeline.demoActor") : null}
    </span>
  );
}
