/**
 * docs/flex-registry.md#auth-cors-headers-logs: with API_V1_DEPRECATION_START set, `/api/v1*` responses announce deprecation (and
 * the sunset date when API_V1_SUNSET is set). Empty when deprecation is off or the path is other.
 */
export function deprecationHeaders(path: string, deprecationStart: string | undefined, sunset: string | undefined): Record<string, string> {
  if (!deprecationStart || !path.startsWith('/api/v1')) return {};
  return {
    deprecation: 'true',
    link: '</docs/changelog#v1>; rel="deprecation"',
    ...(sunset ? { sunset } : {}),
  };
}
