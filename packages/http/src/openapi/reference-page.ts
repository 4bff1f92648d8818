/** Where the reference page's scripts and styles are served (Nitro public assets, see reference-assets.ts). */
export const REFERENCE_ASSETS_PATH = '/docs/assets';

/**
 * The HTML of `/docs`: the document at `/openapi.json` rendered by Swagger UI, whose files
 * are served by the app itself (no CDN).
 */
export function renderReferencePage(title: string): string {
  const escaped = title.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escaped}</title>
<link rel="stylesheet" href="${REFERENCE_ASSETS_PATH}/swagger-ui.css">
<link rel="icon" href="${REFERENCE_ASSETS_PATH}/favicon-32x32.png">
</head>
<body>
<div id="reference"></div>
<script src="${REFERENCE_ASSETS_PATH}/swagger-ui-bundle.js"></script>
<script>
window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#reference', deepLinking: true, tryItOutEnabled: false });
</script>
</body>
</html>
`;
}
