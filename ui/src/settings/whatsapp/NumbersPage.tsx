import { useTranslation } from "react-i18next";
import { ApiErrorNotice } from "./fields";
import { QualityPill, tierWords } from "./pills";
import { usePhoneNumbers } from "./waQueries";

/** ACC-14: the WhatsApp Business account's numbers with their quality and messaging limit. */
export function NumbersPage({ accountId }: { accountId: number }) {
  const { t } = useTranslation();
  const numbers = usePhoneNumbers(accountId);
  return (
    <div className="wa-page" data-testid="wa-numbers">
      <p className="settings-intro">{t("wa.numbers.intro")}</p>
      {numbers.isPending ? <p className="muted wa-loading">{t("common.loading")}</p> : null}
      {numbers.isError ? <ApiErrorNotice error={numbers.error} testId="wa-numbers-error" /> : null}
      {numbers.data !== undefined ? (
        numbers.data.items.length === 0 ? (
          <p className="muted">{t("wa.numbers.none")}</p>
        ) : (
          <div className="settings-card wa-table-wrap">
            <table className="wa-table">
              <thead>
                <tr>
                  <th scope="col">{t("wa.numbers.number")}</th>
                  <th scope="col">{t("wa.numbers.verifiedName")}</th>
                  <th scope="col">{t("wa.numbers.quality")}</th>
                  <th scope="col">{t("wa.numbers.tier")}</th>
                  <th scope="col">{t("wa.numbers.verification")}</th>
                </tr>
              </thead>
              <tbody>
                {numbers.data.items.map((n) => (
                  <tr key={n.id} data-testid="wa-number-row">
                    <td>
                      <span className="wa-number">{n.display_phone_number}</span>
                      <span className="wa-sub wa-mono" title={t("wa.connect.fields.phone_number_id")}>
                        {n.id}
                      </span>
                    </td>
                    <td>{n.verified_name}</td>
                    <td>
                      <QualityPill rating={n.quality_rating} />
                    </td>
                    <td data-testid="wa-number-tier">{tierWords(n.messaging_limit_tier, t)}</td>
                    <td data-testid="wa-number-verification">
                      {n.code_verification_status === null ? "—" : t(`wa.numbers.codeStatus.${n.code_verification_status}`, n.code_verification_status)}
                      {n.name_status === null ? null : (
                        <span className="wa-sub">{t(`wa.numbers.nameStatus.${n.name_status}`, n.name_status)}</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}
      <p className="wa-help">{t("wa.numbers.tierHelp")}</p>
    </div>
  );
}
