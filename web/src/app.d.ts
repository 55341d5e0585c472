// See https://svelte.dev/docs/kit/types#app.d.ts
import type { FilterProblem } from '#lib/filters';
import type { Locale } from '#lib/i18n/messages';
import type { Identity } from '#lib/server/auth/identify';

declare global {
  namespace App {
    interface Error {
      message: string;
      /** Why the URL's filters were refused (400), shown beside the filter bar. */
      problems?: FilterProblem[];
    }
    interface Locals {
      /** UI language chosen for this request (URL param → cookie → Accept-Language). */
      locale: Locale;
      /** Who is asking (#lib/server/auth/identify.ts); undefined when nobody is signed in. */
      user: Identity | undefined;
    }
  }
}

export {};
