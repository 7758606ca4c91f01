// The deals as a list (/deals/list), beside the pipeline board (/deals).
import { RecordList } from '../lists/RecordList.tsx';
import { dealsConfig } from './dealsList.ts';
import { DealsViewSwitch } from './DealsViewSwitch.tsx';

export default function DealsListPage() {
  return <RecordList config={dealsConfig} actions={<DealsViewSwitch current="list" />} />;
}
