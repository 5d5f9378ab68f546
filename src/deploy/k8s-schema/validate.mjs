// Validates every object of a rendered manifest (kubectl kustomize's output, as a JSON array) against the
// Kubernetes OpenAPI schema of its apiVersion and kind, as packaged by kubernetes-models (npm): unknown
// fields, missing required fields and wrong types are errors. Prints one line per object; exit 1 on any
// error or on an object whose kind has no schema here.
//   node validate.mjs rendered.json
import { readFileSync } from "node:fs";

const objects = JSON.parse(readFileSync(process.argv[2], "utf8"));
let failed = 0;
let count = 0;
for (const object of objects) {
  if (object == null) continue;
  count++;
  const [group, version] = object.apiVersion.includes("/") ? object.apiVersion.split("/") : [null, object.apiVersion];
  const module = group == null ? `kubernetes-models/${version}/${object.kind}` : `kubernetes-models/${group}/${version}/${object.kind}`;
  const name = `${object.apiVersion} ${object.kind} ${object.metadata?.name}`;
  let Model;
  try {
    Model = (await import(module))[object.kind];
  } catch (e) {
    console.log(`FAIL ${name}: no schema (${module})`);
    failed++;
    continue;
  }
  if (object.kind === "Secret" && object.data) {
    // kustomize folds long base64 values over lines; the API server's decoder skips line breaks
    for (const key of Object.keys(object.data)) object.data[key] = object.data[key].replace(/\s+/g, "");
  }
  try {
    new Model(object).validate();
    console.log(`ok   ${name}`);
  } catch (e) {
    console.log(`FAIL ${name}: ${e.message}`);
    failed++;
  }
}
console.log(`${count} objects, ${failed} invalid`);
process.exit(failed === 0 && count > 0 ? 0 : 1);
