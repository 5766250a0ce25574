/** The methods routes answer (405 for those a route lacks); any other method is 404. */
export const API_METHODS: readonly string[] = Object.freeze([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
]);

/** Where every route lives, as in Django's `path('api/accounts/', include(...))`. */
export const API_PREFIX = '/api/accounts/';

/** Where the route table serves its OpenAPI document. */
export const OPENAPI_PATH = `${API_PREFIX}openapi.json`;
