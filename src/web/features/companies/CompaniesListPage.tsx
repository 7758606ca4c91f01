// The companies list: the shared list screen with the companies' columns.
import { RecordList } from '../lists/RecordList.tsx';
import { companiesConfig } from './companiesList.ts';

export default function CompaniesListPage() {
  return <RecordList config={companiesConfig} />;
}
