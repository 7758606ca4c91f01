// The companies list: the shared list screen with the companies' columns.
import { RecordList } from './RecordList.tsx';
import { companiesConfig } from './resources.tsx';

export default function CompaniesListPage() {
  return <RecordList config={companiesConfig} />;
}
