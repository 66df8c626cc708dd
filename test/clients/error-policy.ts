/**
 * Apollo Client 4: `errorPolicy` in `defaultOptions` must first be *declared* (module augmentation of
 * `ApolloClient.DeclareDefaultOptions`), so that the result types know errors can come with data; without the
 * declaration `defaultOptions: { query: { errorPolicy: 'all' } }` fails typing ("A default option for
 * query.errorPolicy must be declared in ApolloClient.DeclareDefaultOptions before usage"). Declared optional
 * (`errorPolicy?: 'all'`), clients without defaults still type-check. README "Apollo Client: errorPolicy".
 */
import type { ApolloClient } from '@apollo/client';

declare module '@apollo/client' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  export namespace ApolloClient {
    // eslint-disable-next-line @typescript-eslint/no-namespace
    namespace DeclareDefaultOptions {
      interface WatchQuery {
        errorPolicy?: 'all';
      }
      interface Query {
        errorPolicy?: 'all';
      }
      interface Mutate {
        errorPolicy?: 'all';
      }
    }
  }
}

/**
 * Keep the data of a partial answer (`schedules` across providers returns the providers that answered plus an
 * error per provider that failed) instead of throwing it away.
 */
export const keepPartialData = {
  watchQuery: { errorPolicy: 'all' },
  query: { errorPolicy: 'all' },
  mutate: { errorPolicy: 'all' },
} satisfies ApolloClient.DefaultOptions;
