// See https://svelte.dev/docs/kit/types#app.d.ts
import type { Locale } from '#lib/i18n/messages';

declare global {
  namespace App {
    interface Locals {
      /** UI language chosen for this request (URL param → cookie → Accept-Language). */
      locale: Locale;
    }
  }
}

export {};
