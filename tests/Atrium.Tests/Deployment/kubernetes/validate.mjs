// Reads the YAML stream `kubectl kustomize` prints on stdin, validates every object against the Kubernetes OpenAPI
// schema that kubernetes-models (the version pinned in package.json) was generated from, and against the API's field
// lists (npm @kubernetes/client-node, pinned), and prints the objects as one JSON array on stdout. Exit 1, every error
// on stderr (one a line, naming the object), when any object fails, has a field its kind does not define, or is of a
// kind the schema does not know.
import { parseAllDocuments } from "yaml";
// Only the models: the client's main module loads an HTTP stack this check does not need. The OpenAPI v2 schema
// above lets through fields it does not define; an API server with kubectl's default strict field validation refuses
// a misspelt or misplaced one, so the check must too.
import * as fields from "@kubernetes/client-node/dist/gen/models/all.js";
const input = await new Promise((resolve, reject) => {
  let text = "";
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk) => (text += chunk));
  process.stdin.on("end", () => resolve(text));
  process.stdin.on("error", reject);
});

const errors = [];
const objects = [];
for (const document of parseAllDocuments(input)) {
  if (document.errors.length > 0) {
    errors.push(`YAML: ${document.errors.map((e) => e.message).join("; ")}`);
    continue;
  }

  const object = document.toJS();
  if (object === null) {
    continue;
  }

  const name = `${object.apiVersion}/${object.kind} ${object.metadata?.name ?? "(no name)"}`;
  objects.push(object);
  let model;
  try {
    // The package's layout: core/v1 kinds under v1/, the others under GROUP/VERSION/.
    model = (await import(`kubernetes-models/${object.apiVersion}/${object.kind}`))[object.kind];
  } catch {
    errors.push(`${name}: not a kind of the pinned Kubernetes schema`);
    continue;
  }

  try {
    new model(object).validate();
  } catch (error) {
    errors.push(`${name}: ${error.message}`);
  }

  // apps/v1 Deployment -> V1Deployment, autoscaling/v2 HorizontalPodAutoscaler -> V2HorizontalPodAutoscaler.
  const typeName = `V${object.apiVersion.split("/").pop().replace(/^v/, "")}${object.kind}`;
  if (fields[typeName]?.attributeTypeMap === undefined) {
    errors.push(`${name}: the pinned field lists do not know ${typeName}`);
    continue;
  }

  for (const path of unknownFields(object, typeName, "data")) {
    errors.push(`${name}: ${path} is not a field of its kind`);
  }
}

if (errors.length > 0) {
  process.stderr.write(errors.join("\n") + "\n");
  process.exit(1);
}

process.stdout.write(JSON.stringify(objects));

// The paths of the properties under value that its type (a model's name or a type map's expression such as
// `Array<V1Container>` or `{ [key: string]: string; }`) does not define.
function* unknownFields(value, type, path) {
  if (value === null || typeof value !== "object") {
    return;
  }

  const array = /^Array<(.+)>$/.exec(type);
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (array || map) {
    for (const [key, item] of Object.entries(value)) {
      yield* unknownFields(item, (array ?? map)[1], `${path}/${key}`);
    }

    return;
  }

  // Scalars, IntOrString and `any` have no fields; a wrong type is the schema's error above.
  const known = fields[type]?.attributeTypeMap;
  if (known === undefined || Array.isArray(value)) {
    return;
  }

  for (const [key, item] of Object.entries(value)) {
    const field = known.find((a) => a.baseName === key);
    if (field === undefined) {
      yield `${path}/${key}`;
    } else {
      yield* unknownFields(item, field.type, `${path}/${key}`);
    }
  }
}
