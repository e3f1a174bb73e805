import { useTranslation } from "react-i18next";
import type { ApiError } from "../../bindings";
import { Icon } from "../../components/Icon";
import { ApiErrorNotice } from "../whatsapp/fields";

/** Email errors worded here; the rest go to the shared notice. */
const EMAIL_ERRORS = new Set(["bad_input", "email_refused", "email_duplicate"]);

/** A refused test or connect, worded for the email codes. */
export function EmailErrorNotice({ error, testId }: { error: ApiError; testId: string }) {
  const { t } = useTranslation();
  if (!EMAIL_ERRORS.has(error.code)) return <ApiErrorNotice error={error} testId={testId} />;
  return (
    <div className="wa-notice error" role="alert" data-testid={testId} data-code={error.code}>
      <Icon name="alert" size={16} />
      <div>
        <strong>{t(`email.errors.${error.code}`)}</strong>
        {error.message.length > 0 ? <p className="wa-notice-detail">{error.message}</p> : null}
      </div>
    </div>
  );
}
