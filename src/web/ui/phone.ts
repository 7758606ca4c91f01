// Phone numbers as people read them: the workspace's own country in national format
// ("030 1234567"), every other country in international format ("+44 20 7946 0958").
// Its own file, so that only the screens that show numbers load the numbering plans.
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/** An E.164 number for reading; a number it cannot parse is shown as stored. */
export function formatPhone(e164: string, homeCountry: string): string {
  const number = parsePhoneNumberFromString(e164);
  if (!number?.isPossible()) return e164;
  return number.country === homeCountry ? number.formatNational() : number.formatInternational();
}
