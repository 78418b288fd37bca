// Validates Kubernetes manifests offline, one YAML stream per file argument:
//  - built-in kinds (and Prometheus Operator kinds) against the Kubernetes OpenAPI schemas shipped
//    in the npm packages kubernetes-models / @kubernetes-models/prometheus-operator;
//  - Danube custom resources (group connect.danube-messaging.io) against the openAPIV3Schema of the
//    CRDs found in --crds DIR or in the same input, with unknown fields treated as errors (the API
//    server would silently prune them, which hides typos in examples).
// Usage: node validate-manifests.mjs --deps NODE_DEPS_DIR [--crds DIR] [--require-danube-crs] FILE...
// Exits 1 when any object is invalid, naming the file, the object and the failing field.
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, join } from "node:path";

const DANUBE_GROUP = "connect.danube-messaging.io";

function parseArgs(argv) {
  const args = { deps: null, crds: null, requireDanubeCrs: false, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--deps") args.deps = argv[++i];
    else if (arg === "--crds") args.crds = argv[++i];
    else if (arg === "--require-danube-crs") args.requireDanubeCrs = true;
    else if (arg.startsWith("--")) throw new Error(`unknown option ${arg}`);
    else args.files.push(arg);
  }
  if (!args.deps) throw new Error("--deps NODE_DEPS_DIR is required");
  if (args.files.length === 0) throw new Error("no manifest files given");
  return args;
}

const args = parseArgs(process.argv.slice(2));
const requireDep = createRequire(join(args.deps, "package.json"));
const yaml = requireDep("js-yaml");
const Ajv = requireDep("ajv").default;

/** Loads every non-empty YAML document of a file. */
function loadDocuments(file) {
  return yaml.loadAll(readFileSync(file, "utf8")).filter((doc) => doc !== null && doc !== undefined);
}

/** Finds the kubernetes-models class for an apiVersion/kind, or null when none exists. */
function builtInModel(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const modulePath = group === ""
    ? `kubernetes-models/${version}`
    : group === "monitoring.coreos.com"
      ? `@kubernetes-models/prometheus-operator/${group}/${version}`
      : `kubernetes-models/${group}/${version}`;
  try {
    return requireDep(modulePath)[kind] ?? null;
  } catch {
    return null;
  }
}

/**
 * Turns a CRD's structural schema into a JSON schema that also rejects unknown fields:
 * objects with declared properties and no x-kubernetes-preserve-unknown-fields get additionalProperties=false.
 */
function strictSchema(node) {
  if (Array.isArray(node)) return node.map(strictSchema);
  if (node === null || typeof node !== "object") return node;
  const copy = {};
  for (const [key, value] of Object.entries(node)) {
    copy[key] = key === "properties"
      ? Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, strictSchema(sub)]))
      : strictSchema(value);
  }
  if (copy.properties && copy["x-kubernetes-preserve-unknown-fields"] !== true && copy.additionalProperties === undefined) {
    copy.additionalProperties = false;
  }
  return copy;
}

const ajv = new Ajv({ strict: false, allErrors: true });
const crdValidators = new Map(); // "apiVersion|kind" -> validate function

function registerCrd(crd, origin) {
  const { group, names, versions } = crd.spec ?? {};
  for (const version of versions ?? []) {
    const schema = version.schema?.openAPIV3Schema;
    if (!schema) throw new Error(`${origin}: CRD ${crd.metadata?.name} version ${version.name} has no openAPIV3Schema`);
    const root = strictSchema(schema);
    // The API server owns apiVersion, kind and metadata; generated CRDs often leave them out.
    root.properties = { ...root.properties, apiVersion: { type: "string" }, kind: { type: "string" }, metadata: { type: "object" } };
    crdValidators.set(`${group}/${version.name}|${names.kind}`, ajv.compile(root));
  }
}

if (args.crds) {
  for (const name of readdirSync(args.crds).filter((n) => /\.ya?ml$/.test(n)).sort()) {
    for (const doc of loadDocuments(join(args.crds, name))) {
      if (doc.kind === "CustomResourceDefinition") registerCrd(doc, name);
    }
  }
}

const problems = [];
let danubeResources = 0;
for (const file of args.files) {
  let documents;
  try {
    documents = loadDocuments(file);
  } catch (error) {
    problems.push(`${file}: not valid YAML: ${error.message}`);
    continue;
  }
  // CRDs rendered in the same stream (helm template --include-crds) count too.
  documents.filter((doc) => doc.kind === "CustomResourceDefinition").forEach((doc) => registerCrd(doc, file));
  if (documents.length === 0) problems.push(`${file}: contains no Kubernetes object`);
  let valid = 0;
  for (const doc of documents) {
    const id = `${basename(file)}: ${doc.kind ?? "?"} ${doc.metadata?.namespace ? doc.metadata.namespace + "/" : ""}${doc.metadata?.name ?? "?"}`;
    if (!doc.apiVersion || !doc.kind || !doc.metadata?.name) {
      problems.push(`${id}: apiVersion, kind and metadata.name are required`);
      continue;
    }
    if (doc.apiVersion.startsWith(`${DANUBE_GROUP}/`)) {
      danubeResources++;
      const validate = crdValidators.get(`${doc.apiVersion}|${doc.kind}`);
      if (!validate) {
        problems.push(`${id}: no CRD for ${doc.apiVersion} ${doc.kind} (pass --crds)`);
        continue;
      }
      if (!validate(doc)) {
        for (const error of validate.errors) {
          const extra = error.params?.additionalProperty ? ` '${error.params.additionalProperty}'` : "";
          problems.push(`${id}: ${error.instancePath || "/"} ${error.message}${extra}`);
        }
        continue;
      }
      valid++;
      continue;
    }
    const Model = builtInModel(doc.apiVersion, doc.kind);
    if (!Model) {
      problems.push(`${id}: unknown apiVersion/kind ${doc.apiVersion} ${doc.kind}`);
      continue;
    }
    try {
      new Model(doc).validate();
      valid++;
    } catch (error) {
      problems.push(`${id}: ${error.message}`);
    }
  }
  console.log(`${file}: ${valid}/${documents.length} objects valid`);
}

if (args.requireDanubeCrs && danubeResources === 0) {
  problems.push("no DanubeSourceConnector/DanubeSinkConnector found in the given files");
}
if (problems.length > 0) {
  console.error(`${problems.length} problem(s):\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
