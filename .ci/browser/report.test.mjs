// Browser test of lambdasec's HTML report, in headless Chromium (Debian's
// /usr/bin/chromium) driven by playwright-core. run.sh builds lambdasec,
// writes the reports and calls:
//
//   node report.test.mjs EXAMPLE.html XSS.html SCREENSHOT.png SHOP.html EXPOSURE.png
//
// It checks that the example report's filters work, that the XSS estate's
// payloads never run, that the pages fetch nothing, that the exposure view
// of examples/vulnerable-shop draws its SVG with every hop linked to a
// finding of the page, and takes the screenshots. Any failure exits 1 with a message saying what failed.
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [examplePath, xssPath, screenshotPath, shopPath, exposureShotPath] = process.argv.slice(2);
if (!examplePath || !xssPath || !screenshotPath || !shopPath || !exposureShotPath) {
  console.error("usage: node report.test.mjs EXAMPLE.html XSS.html SCREENSHOT.png SHOP.html EXPOSURE.png");
  process.exit(2);
}

const failures = [];
function check(ok, what) {
  if (!ok) {
    failures.push(what);
    console.error("FAIL: " + what);
  }
}

const profile = mkdtempSync(join(tmpdir(), "lambdasec-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  viewport: { width: 1400, height: 1000 },
  deviceScaleFactor: 1,
  offline: true,
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});

// Every page records what it tried to fetch, what the policy refused,
// dialogs, and script errors; alert, confirm, prompt and print only record
// their calls.
await context.addInitScript(() => {
  window.__xss = [];
  window.__csp = [];
  for (const name of ["alert", "confirm", "prompt", "print"]) {
    window[name] = (...args) => { window.__xss.push(name + "(" + args.join(",") + ")"); };
  }
  document.addEventListener("securitypolicyviolation", (e) => {
    window.__csp.push(e.effectiveDirective + " " + e.blockedURI);
  });
});

async function open(path) {
  const url = pathToFileURL(resolve(path)).href;
  const page = await context.newPage();
  const rec = { url, requests: [], failed: [], responses: [], dialogs: [], errors: [] };
  page.on("request", (r) => rec.requests.push(r.url()));
  page.on("requestfailed", (r) => rec.failed.push(r.url() + " " + r.failure()?.errorText));
  page.on("response", (r) => rec.responses.push(r.url()));
  page.on("dialog", async (d) => { rec.dialogs.push(d.type() + ": " + d.message()); await d.dismiss(); });
  page.on("pageerror", (e) => rec.errors.push("page error: " + e.message));
  page.on("console", (m) => { if (m.type() === "error") rec.errors.push("console: " + m.text()); });
  const resp = await page.goto(url, { waitUntil: "load" });
  check(resp === null || resp.ok(), `${path}: load failed`);
  return { page, rec };
}

function onlyDocument(rec, name) {
  const others = rec.requests.filter((u) => u !== rec.url);
  check(others.length === 0, `${name}: requests other than the document: ${JSON.stringify(others)}`);
}

// The visible findings, as the script leaves them.
async function visible(page) {
  return page.$$eval("#list .finding", (els) => els.filter((el) => !el.hidden && el.offsetParent !== null).map((el) => ({
    sev: el.dataset.sev, status: el.dataset.status, rule: el.dataset.rule, fns: el.dataset.fns.split(" "),
    text: Array.from(el.querySelectorAll(".q")).map((q) => q.textContent).join(" ").toLowerCase(),
  })));
}

async function shownCount(page) {
  return Number(await page.textContent("#shown"));
}

async function reset(page) {
  await page.click("#f-reset");
  await page.waitForTimeout(50);
}

// --- the example report: filters ------------------------------------------
{
  const { page, rec } = await open(examplePath);
  const all = await page.$$eval("#list .finding", (els) => els.map((el) => ({ sev: el.dataset.sev, status: el.dataset.status })));
  check(all.length > 20, `example: only ${all.length} findings in the page`);

  let v = await visible(page);
  const notPass = all.filter((f) => f.status !== "PASS").length;
  check(v.length === notPass && v.every((f) => f.status !== "PASS"), `example: by default ${v.length} visible, want the ${notPass} FAIL and UNKNOWN findings`);
  check(await shownCount(page) === v.length, "example: the 'showing' count differs from the visible findings");

  // Only critical.
  for (const sev of ["high", "medium", "low", "info"]) {
    await page.uncheck(`input[name=sev][value=${sev}]`);
  }
  v = await visible(page);
  const critical = all.filter((f) => f.sev === "critical" && f.status !== "PASS").length;
  check(v.length > 0 && v.length === critical && v.every((f) => f.sev === "critical"),
    `example: with only critical checked, ${v.length} visible (${[...new Set(v.map((f) => f.sev))]}), want ${critical} critical`);
  check(await shownCount(page) === v.length, "example: 'showing' count wrong after the severity filter");
  await reset(page);
  check((await visible(page)).length === notPass, "example: reset does not restore the default view");

  // One function, chosen in the select.
  const fnKey = await page.$eval("#f-fn", (s) => Array.from(s.options).find((o) => o.textContent === "WebhookFunction")?.value);
  check(!!fnKey, "example: no WebhookFunction in the function filter");
  await page.selectOption("#f-fn", { label: "WebhookFunction" });
  v = await visible(page);
  check(v.length > 0 && v.length < notPass && v.every((f) => f.fns.includes(fnKey)),
    `example: with function WebhookFunction, ${v.length} visible, not all its own`);
  const webhookRules = new Set(v.map((f) => f.rule));
  check(webhookRules.has("LS101") && webhookRules.has("LS102"), `example: WebhookFunction's findings lack LS101/LS102: ${[...webhookRules]}`);
  await reset(page);

  // One function, chosen by clicking its name in the functions table.
  await page.click('#functions .fnlink:text-is("ReportsFunction")');
  const chosen = await page.$eval("#f-fn", (s) => s.options[s.selectedIndex].textContent);
  v = await visible(page);
  check(chosen === "ReportsFunction" && v.length > 0 && v.some((f) => f.rule === "LS104"),
    `example: clicking ReportsFunction selects ${chosen} and shows ${v.length} findings`);
  await reset(page);

  // One rule.
  await page.selectOption("#f-rule", "LS502");
  v = await visible(page);
  check(v.length > 1 && v.every((f) => f.rule === "LS502"), `example: rule LS502 shows ${v.length} findings, not all LS502`);
  await reset(page);

  // Text search.
  const before = (await visible(page)).length;
  await page.fill("#f-q", "Code-Signing");
  v = await visible(page);
  check(v.length > 0 && v.length < before && v.every((f) => f.text.includes("code-signing")),
    `example: searching "Code-Signing" shows ${v.length} of ${before}, not all matching`);
  check(await shownCount(page) === v.length, "example: 'showing' count wrong after a search");
  await page.fill("#f-q", "no such thing anywhere");
  check((await visible(page)).length === 0 && await page.isVisible("#none"), "example: a search matching nothing does not say so");
  await reset(page);

  // Passed results behind their toggle.
  await page.check("#f-pass");
  v = await visible(page);
  check(v.length === all.length && v.some((f) => f.status === "PASS"), `example: with passed shown, ${v.length} of ${all.length} visible`);
  await reset(page);

  check(rec.dialogs.length === 0, `example: dialogs: ${rec.dialogs}`);
  check(rec.errors.length === 0, `example: errors: ${rec.errors.join("; ")}`);
  check((await page.evaluate(() => window.__csp)).length === 0, "example: the policy refused something (is the script's hash right?)");
  onlyDocument(rec, "example");

  // The screenshot: the first screen, as an assessor opens it.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: screenshotPath, fullPage: false });
  await page.close();
}

// --- the XSS estate: nothing runs, nothing loads ----------------------------
{
  const { page, rec } = await open(xssPath);
  // Show and open everything, and use every control, so any payload that
  // became markup gets its chance to run.
  await page.check("#f-pass");
  await page.$$eval("details", (ds) => ds.forEach((d) => { d.open = true; }));
  for (const b of await page.$$("#functions .fnlink")) {
    await b.click();
  }
  await reset(page);
  await page.fill("#f-q", "<script>alert(1)</script>");
  const hits = (await visible(page)).length;
  check(hits > 0, "xss: searching for the payload finds nothing (is it shown as text?)");
  await page.fill("#f-q", "");
  await page.mouse.move(200, 200);
  await page.waitForTimeout(500);

  const names = await page.$$eval("#functions .fnname", (ds) => ds.map((d) => d.textContent));
  check(names.includes("<script>alert(1)</script>") && names.includes('"><img src=x onerror=alert(12)>{{.}}'),
    `xss: function names are not shown as text: ${JSON.stringify(names)}`);
  const foreign = await page.evaluate(() => ({
    scripts: document.scripts.length,
    // The exposure view's diagram is the one svg the report writes.
    elements: document.querySelectorAll("img,svg:not(#exposure .xsvg > svg),iframe,object,embed,frame,base,video,audio,source,style:not(head style),link:not([rel=icon])").length,
    handlers: Array.from(document.querySelectorAll("*")).flatMap((el) => Array.from(el.attributes).filter((a) => a.name.startsWith("on")).map((a) => el.tagName + " " + a.name)),
    // Links to a finding of the page (#f-FINGERPRINT) are the report's own.
    js: Array.from(document.querySelectorAll("[href],[src],[action]")).map((el) => el.getAttribute("href") || el.getAttribute("src") || el.getAttribute("action")).filter((u) => !/^(https:\/\/|data:,$|#f-[0-9a-f]{32}$)/.test(u)),
    svgs: document.querySelectorAll("#exposure .xsvg > svg").length,
    titles: Array.from(document.querySelectorAll("#exposure svg title")).map((t) => t.textContent),
  }));
  // The estate's path runs through a function named with a payload: the
  // diagram shows it as text.
  check(foreign.svgs === 1, `xss: ${foreign.svgs} exposure diagrams, want 1 (the estate has a path)`);
  check(foreign.titles.some((t) => t.includes("<script>alert(1)</script>")), `xss: the payload-named function is not in the diagram as text: ${JSON.stringify(foreign.titles)}`);
  check(foreign.scripts === 1, `xss: ${foreign.scripts} script elements, want 1`);
  check(foreign.elements === 0, `xss: ${foreign.elements} elements the report never writes`);
  check(foreign.handlers.length === 0, `xss: event-handler attributes: ${foreign.handlers}`);
  check(foreign.js.length === 0, `xss: links or sources that are not https references: ${foreign.js}`);

  const ran = await page.evaluate(() => window.__xss);
  check(ran.length === 0, `xss: payloads ran: ${ran}`);
  check(rec.dialogs.length === 0, `xss: dialogs opened: ${rec.dialogs}`);
  check(rec.errors.length === 0, `xss: errors: ${rec.errors.join("; ")}`);
  check((await page.evaluate(() => window.__csp)).length === 0, `xss: the policy refused something before the probe`);
  onlyDocument(rec, "xss");

  // Had an escape been missed, the policy would still stop the payload:
  // an injected inline script, image and fetch are all refused.
  rec.errors.length = 0;
  await page.evaluate(async () => {
    const s = document.createElement("script");
    s.textContent = "alert('injected script')";
    document.body.appendChild(s);
    const img = document.createElement("img");
    img.src = "https://example.com/x.png";
    document.body.appendChild(img);
    try { await fetch("https://example.com/"); } catch (e) { /* refused */ }
    await new Promise((r) => setTimeout(r, 200));
  });
  const refused = await page.evaluate(() => window.__csp);
  check((await page.evaluate(() => window.__xss)).length === 0, "xss: an injected inline script ran despite the policy");
  for (const d of ["script-src-elem", "img-src", "connect-src"]) {
    check(refused.some((r) => r.startsWith(d)), `xss: the policy did not refuse ${d}: ${JSON.stringify(refused)}`);
  }
  // Playwright sees the image request the page made; Chromium refused it
  // before it left the process (errorText "csp") and nothing answered.
  const blocked = rec.requests.filter((u) => u !== rec.url);
  check(blocked.every((u) => rec.failed.includes(u + " csp")) && !rec.responses.some((u) => u !== rec.url),
    `xss (probe): requests not refused by the policy: ${JSON.stringify({ requests: blocked, failed: rec.failed, responses: rec.responses })}`);
  await page.close();
}

// --- the exposure view of examples/vulnerable-shop --------------------------
{
  const { page, rec } = await open(shopPath);
  const view = await page.evaluate(() => {
    const svg = document.querySelector("#exposure .xsvg > svg");
    const box = svg ? svg.getBoundingClientRect() : null;
    const links = Array.from(document.querySelectorAll("#exposure a[href]")).map((a) => a.getAttribute("href"));
    return {
      box: box && { width: box.width, height: box.height },
      nodes: svg ? svg.querySelectorAll("rect").length : 0,
      edges: svg ? svg.querySelectorAll("path").length : 0,
      links,
      targets: links.map((h) => {
        const el = document.getElementById(h.slice(1));
        return el ? el.tagName + "." + el.className + "|" + el.dataset.rule : null;
      }),
      paths: Array.from(document.querySelectorAll("#exposure ol > li .hops")).map((el) => el.textContent),
    };
  });
  check(view.box && view.box.width > 400 && view.box.height > 100, `shop: the exposure SVG does not render: ${JSON.stringify(view.box)}`);
  // 1 outside + 3 entries + 3 functions + 3 roles + 3 impacts.
  check(view.nodes === 13 && view.edges >= 12, `shop: ${view.nodes} nodes and ${view.edges} edges drawn, want 13 nodes and 12 edges or more`);
  check(view.links.length >= 3 * 5, `shop: only ${view.links.length} links in the exposure view`);
  const dangling = view.links.filter((h, i) => !view.targets[i] || !view.targets[i].startsWith("ARTICLE.finding"));
  check(dangling.length === 0, `shop: hops that link to no finding: ${JSON.stringify(dangling)}`);
  const rulesLinked = new Set(view.targets.map((t) => t && t.split("|")[1]));
  for (const r of ["LS107", "LS112", "LS203", "LS206", "LS209", "LS110"]) {
    check(rulesLinked.has(r), `shop: no hop links to a ${r} finding: ${[...rulesLinked]}`);
  }
  const want = ["ShopApi POST /admin", "bucket ReceiptsBucket", "ShopApi GET /orders"];
  check(view.paths.length === 3 && want.every((w, i) => view.paths[i].includes(w)), `shop: ranked paths ${JSON.stringify(view.paths)}`);
  // A hop's link leads to its finding.
  await page.click("#exposure ol > li:first-child .hops a:nth-of-type(2)");
  const at = await page.evaluate(() => location.hash);
  check(/^#f-[0-9a-f]{32}$/.test(at), `shop: clicking the first path's entry went to ${at}`);
  check(rec.errors.length === 0, `shop: errors: ${rec.errors.join("; ")}`);
  check((await page.evaluate(() => window.__csp)).length === 0, "shop: the policy refused something");
  onlyDocument(rec, "shop");
  await page.evaluate(() => window.scrollTo(0, 0));
  const section = await page.$("#exposure");
  await section.screenshot({ path: exposureShotPath });
  await page.close();
}

await context.close();
rmSync(profile, { recursive: true, force: true });

if (failures.length > 0) {
  console.error(`browser test: ${failures.length} failure(s)`);
  process.exit(1);
}
console.log("browser test: ok (filters, no script from the estate, no network, exposure view; screenshots " + screenshotPath + ", " + exposureShotPath + ")");
