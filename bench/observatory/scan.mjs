// Grade pages of one host with the MDN HTTP Observatory (the pinned npm package beside this file).
//
//   node scan.mjs HOST ADDRESS PATH [PATH ...]   (run by bench/observatory.py)
//
// The package's `scan(hostname)` always fetches "/" of the host on ports 80 and 443. Its
// retriever takes a path (`retrieve(hostname, { path })`), so this runs the package's own
// retriever, tests and grader for each path, scoring exactly as `scan()` does (the loop below is
// the one in src/scanner/index.js). To prove that, "/" is also scanned with the package's
// unmodified `scan()`, and any difference is an error.
//
// HOST resolves to ADDRESS inside this process only (dns.lookup is wrapped), so nothing on the
// machine (/etc/hosts, a resolver) changes. The certificate is trusted through NODE_EXTRA_CA_CERTS.
// Prints one JSON object: {version, algorithmVersion, results: [{path, scan, tests}]}.

import dns from "node:dns";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const [host, address, ...paths] = process.argv.slice(2);
if (!host || !address || paths.length === 0) {
  console.error("usage: node scan.mjs HOST ADDRESS PATH [PATH ...]");
  process.exit(2);
}

const realLookup = dns.lookup;
dns.lookup = function lookup(hostname, options, callback) {
  if (typeof options === "function") {
    callback = options;
    options = {};
  }
  if (typeof options === "number") {
    options = { family: options };
  }
  if (hostname.toLowerCase() !== host.toLowerCase()) {
    return realLookup.call(dns, hostname, options, callback);
  }
  const family = 4;
  if (options && options.all) {
    process.nextTick(callback, null, [{ address, family }]);
  } else {
    process.nextTick(callback, null, address, family);
  }
  return {};
};

const pkg = "@mdn/mdn-http-observatory";
const require = createRequire(import.meta.url);
const packageJson = require.resolve(`${pkg}/package.json`);
const { version } = JSON.parse(readFileSync(packageJson, "utf8"));
const src = new URL("src/", new URL(`file://${packageJson}`));
const load = (path) => import(new URL(path, src).href);

const { retrieve } = await load("retriever/retriever.js");
const { ALL_TESTS, ALGORITHM_VERSION, NUM_TESTS } = await load("constants.js");
const { MINIMUM_SCORE_FOR_EXTRA_CREDIT } = await load("grader/charts.js");
const { getGradeForScore, getScoreDescription, getScoreModifier } = await load("grader/grader.js");
const { scan } = await load("scanner/index.js");

/** The body of src/scanner/index.js's scan(), with the path passed on to the retriever. */
async function scanPath(hostname, path) {
  const r = await retrieve(hostname, { path });
  if (!r.responses.auto) {
    throw new Error("The site seems to be down.");
  }
  const { status } = r.responses.auto;
  if (status < 200 || (status >= 400 && ![401, 403].includes(status))) {
    throw new Error(`Site did respond with an unexpected HTTP status code ${status}.`);
  }
  const results = ALL_TESTS.map((test) => test(r));
  const responseHeaders = { ...r.responses.auto.headers };
  let testsPassed = 0;
  let scoreWithExtraCredit = 100;
  let uncurvedScore = scoreWithExtraCredit;
  results.forEach((result) => {
    if (result.result) {
      result.scoreDescription = getScoreDescription(result.result);
      result.scoreModifier = getScoreModifier(result.result);
      testsPassed += result.pass ? 1 : 0;
      scoreWithExtraCredit += result.scoreModifier;
      if (result.scoreModifier < 0) {
        uncurvedScore += result.scoreModifier;
      }
    }
  });
  const score = uncurvedScore >= MINIMUM_SCORE_FOR_EXTRA_CREDIT ? scoreWithExtraCredit : uncurvedScore;
  const final = getGradeForScore(score);
  const tests = Object.fromEntries(results.map((result) => [result.constructor.name, result]));
  return {
    scan: {
      algorithmVersion: ALGORITHM_VERSION,
      grade: final.grade,
      error: null,
      score: final.score,
      statusCode: r.responses.auto.status,
      testsFailed: NUM_TESTS - testsPassed,
      testsPassed,
      testsQuantity: NUM_TESTS,
      responseHeaders,
    },
    tests,
  };
}

/** What the comparison and the report need of a scan: grade, score and each test's verdict. */
function summary(result) {
  const tests = Object.fromEntries(
    Object.entries(result.tests).map(([name, test]) => [
      name,
      { result: test.result, pass: test.pass, scoreModifier: test.scoreModifier },
    ]),
  );
  return { grade: result.scan.grade, score: result.scan.score, tests };
}

const results = [];
let failed = false;
for (const path of paths) {
  try {
    const result = await scanPath(host, path);
    const { statusCode, responseHeaders } = result.scan;
    results.push({ path, ...summary(result), statusCode, responseHeaders });
  } catch (error) {
    failed = true;
    results.push({ path, error: String(error?.message ?? error) });
  }
}

// The same scoring as the package's own scan(): "/" through both must agree.
let crossCheck = null;
if (paths.includes("/")) {
  const ours = results.find((entry) => entry.path === "/");
  try {
    const theirs = summary(await scan(host));
    const mine = ours && !ours.error ? { grade: ours.grade, score: ours.score, tests: ours.tests } : null;
    const same = mine !== null && JSON.stringify(theirs) === JSON.stringify(mine);
    crossCheck = { same: Boolean(same), packageScan: theirs };
    failed ||= !same;
  } catch (error) {
    crossCheck = { same: false, error: String(error?.message ?? error) };
    failed = true;
  }
}

console.log(JSON.stringify({ package: pkg, version, algorithmVersion: ALGORITHM_VERSION, results, crossCheck }, null, 2));
process.exit(failed ? 1 : 0);
