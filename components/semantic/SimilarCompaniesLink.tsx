// On a company page: the way to its lookalikes (/companies/lookalikes?company=<id>).
import { Icon } from "../ui/Icon.tsx";

export function SimilarCompaniesLink({ companyId }: { companyId: string }) {
  return (
    <p class="similar-companies-link">
      <a href={`/companies/lookalikes?company=${encodeURIComponent(companyId)}`}>
        <Icon name="sparkles" /> Find similar companies
      </a>
    </p>
  );
}
