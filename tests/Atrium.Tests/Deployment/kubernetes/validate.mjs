// Reads the YAML stream `kubectl kustomize` prints on stdin, validates every object against the Kubernetes OpenAPI
// schema that kubernetes-models (the version pinned in package.json) was generated from, and prints the objects as one
// JSON array on stdout. Exit 1, every error on stderr (one a line, naming the object), when any object fails or is of
// a kind the schema does not know.
import { parseAllDocuments } from "yaml";

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
}

if (errors.length > 0) {
  process.stderr.write(errors.join("\n") + "\n");
  process.exit(1);
}

process.stdout.write(JSON.stringify(objects));
