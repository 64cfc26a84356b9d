import { writeFile } from "node:fs/promises";
import { OPENAPI_FILES, renderOpenApiFiles } from "./openapi-files";

// `npm run openapi`: regenerate docs/openapi.json and the typed test client's types after
// changing a schema under lib/platform-api/ (or the filters in lib/filters/).
const files = await renderOpenApiFiles();
await writeFile(OPENAPI_FILES.document, files.document);
await writeFile(OPENAPI_FILES.types, files.types);
console.log(`Wrote ${OPENAPI_FILES.document.pathname} and ${OPENAPI_FILES.types.pathname}`);
