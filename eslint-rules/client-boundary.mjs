// Keeps database code and secrets out of the browser bundle. A client component ("use client") is
// bundled for the browser with everything it imports, so it and every module it may import import
// only client-safe modules: the ones declared in `clientSafe` (inputs, constants, value helpers,
// i18n), other client components, and server actions ("use server", which the bundler replaces by
// a reference). Each client-safe module is held to the same rule, so the guarantee is transitive:
// a client-safe module that starts importing the database fails lint at that import.
// Type-only imports are free: types vanish at build time (`import type { AppRouter }`).
// `server-only` cannot do this alone: command-line scripts and Vitest load the same modules without
// the react-server condition, where `import "server-only"` throws.
import fs from "node:fs";
import path from "node:path";

const EXTENSIONS = ["", ".ts", ".tsx", ".mts", ".js", ".jsx", ".mjs", "/index.ts", "/index.tsx", "/index.js"];

/** A glob over project-relative paths ("server/domain/**\/input.ts") as a regular expression:
 * `**` spans folders, `*` stays inside one path segment. */
function globToRegExp(glob) {
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*" && glob[i + 1] === "*") {
      if (glob[i + 2] === "/") {
        source += "(?:.*/)?";
        i += 2;
      } else {
        source += ".*";
        i += 1;
      }
    } else if (c === "*") {
      source += "[^/]*";
    } else {
      source += c.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
    }
  }
  return new RegExp(`^${source}$`);
}

const toPosix = (p) => p.split(path.sep).join("/");

/** The directive a source file starts with ("use client", "use server"), after comments, or null. */
function leadingDirective(text) {
  const match = /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*(["'])(use client|use server)\1/.exec(text);
  return match ? match[2] : null;
}

const directiveCache = new Map();
function fileDirective(file) {
  if (!directiveCache.has(file)) {
    let directive = null;
    try {
      directive = leadingDirective(fs.readFileSync(file, "utf8"));
    } catch {
      directive = null;
    }
    directiveCache.set(file, directive);
  }
  return directiveCache.get(file);
}

function existingFile(base) {
  for (const ext of EXTENSIONS) {
    const candidate = base + ext;
    try {
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not this extension
    }
  }
  return null;
}

/** Whether every binding an import or export brings in is a type (`import type`, or each specifier
 * marked `type`): such imports leave nothing in the bundle. */
function typeOnly(node) {
  if (node.importKind === "type" || node.exportKind === "type") return true;
  const specifiers = node.specifiers ?? [];
  return specifiers.length > 0 && specifiers.every((s) => s.importKind === "type" || s.exportKind === "type");
}

/** @type {import("eslint").Rule.RuleModule} */
const rule = {
  meta: {
    type: "problem",
    docs: {
      description: "Client components, and the modules they may import, import only client-safe modules (no database code, no secrets).",
    },
    schema: [
      {
        type: "object",
        properties: {
          root: { type: "string" },
          clientSafe: { type: "array", items: { type: "string" } },
          serverPackages: { type: "array", items: { type: "string" } },
        },
        required: ["root", "clientSafe"],
        additionalProperties: false,
      },
    ],
    messages: {
      notClientSafe:
        "'{{source}}' ({{target}}) is not client-safe, and {{who}} may import only client-safe modules. Move what you need into a client-safe module (clientSafe in eslint.config.mjs), or use `import type`.",
      serverPackage: "'{{source}}' is server-only, and {{who}} may not import it.",
      dynamicSource: "{{who}} may import only a literal module name, so the boundary can be checked.",
    },
  },
  create(context) {
    const options = context.options[0];
    const root = path.resolve(options.root);
    const clientSafe = options.clientSafe.map(globToRegExp);
    const serverPackages = (options.serverPackages ?? []).map(globToRegExp);
    const isClientSafe = (relative) => clientSafe.some((re) => re.test(relative));

    const filename = context.physicalFilename ?? context.filename;
    const self = toPosix(path.relative(root, filename));
    if (self.startsWith("..") || path.isAbsolute(self)) return {};
    const isClientComponent = context.sourceCode.ast.body.some(
      (statement) => statement.type === "ExpressionStatement" && statement.directive === "use client",
    );
    const isSafeModule = isClientSafe(self);
    if (!isClientComponent && !isSafeModule) return {};
    const who = isClientComponent ? "a client component" : "a client-safe module";

    function check(node, sourceNode) {
      if (!sourceNode) return;
      if (sourceNode.type !== "Literal" || typeof sourceNode.value !== "string") {
        // `import(\`@/server/${x}\`)` or `import(name)`: what it loads cannot be checked, so it is refused.
        context.report({ node, messageId: "dynamicSource", data: { who } });
        return;
      }
      const source = sourceNode.value;
      if (source.endsWith(".css")) return;
      let base;
      if (source.startsWith("@/")) base = path.join(root, source.slice(2));
      else if (source.startsWith(".")) base = path.resolve(path.dirname(filename), source);
      else {
        if (serverPackages.some((re) => re.test(source))) context.report({ node, messageId: "serverPackage", data: { source, who } });
        return;
      }
      const file = existingFile(base);
      const candidates = file ? [toPosix(path.relative(root, file))] : EXTENSIONS.map((ext) => toPosix(path.relative(root, base + ext)));
      if (candidates.some(isClientSafe)) return;
      const target = candidates[0];
      const inServer = target.startsWith("server/");
      // Outside server/, another client component or a server action is its own boundary.
      if (!inServer && file && fileDirective(file) !== null) return;
      context.report({ node, messageId: "notClientSafe", data: { source, target, who } });
    }

    return {
      ImportDeclaration(node) {
        if (!typeOnly(node)) check(node, node.source);
      },
      ExportNamedDeclaration(node) {
        if (node.source && !typeOnly(node)) check(node, node.source);
      },
      ExportAllDeclaration(node) {
        if (!typeOnly(node)) check(node, node.source);
      },
      ImportExpression(node) {
        check(node, node.source);
      },
      CallExpression(node) {
        if (node.callee.type === "Identifier" && node.callee.name === "require") check(node, node.arguments[0]);
      },
    };
  },
};

export default rule;
