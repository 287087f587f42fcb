// Validates every .html file in the folders given on the command line with html-validate and this folder's
// .htmlvalidate.json. A script rather than the html-validate command: the command needs Node 22 (fs.globSync),
// the machines here have Node 20, and the library itself runs on both.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { HtmlValidate, formatterFactory } from "html-validate";

const config = JSON.parse(readFileSync(new URL(".htmlvalidate.json", import.meta.url), "utf8"));
const validator = new HtmlValidate(config);
const files = process.argv.slice(2).flatMap(folder =>
  readdirSync(folder).filter(name => name.endsWith(".html")).sort().map(name => join(folder, name)));

const results = [];
let errors = 0;
let warnings = 0;
for (const file of files) {
  const report = await validator.validateFile(file);
  results.push(...report.results);
  errors += report.errorCount;
  warnings += report.warningCount;
}

if (results.length > 0) {
  console.log(formatterFactory("text")(results));
}
console.log(`${files.length} pages validated, ${errors} errors, ${warnings} warnings`);
process.exitCode = files.length === 0 || errors > 0 ? 1 : 0;
