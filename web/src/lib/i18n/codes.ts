// The product's code labels in the UI language: the table lives in the shared catalogue
// (pipeline/messages/codes.ts), which the report labels the same codes with.
import {
  codeLabel as sharedCodeLabel,
  hasCodeTable,
  type CodeField,
} from '../../../../pipeline/messages/codes.ts';
import type { Lang } from '../../../../pipeline/messages/lang.ts';
import type { Locale } from './messages.ts';

export { hasCodeTable, type CodeField };

/** The catalogue's language of a dashboard locale. */
export function langOf(locale: Locale): Lang {
  return locale === 'zh-CN' ? 'zh' : 'en';
}

/** The code's label in `locale`; a value that is not a known code is returned as it is. */
export function codeLabel(locale: Locale, field: string, value: string | null | undefined): string {
  return sharedCodeLabel(langOf(locale), field, value);
}
