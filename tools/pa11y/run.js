#!/usr/bin/env node
/*
 * pa11y with the HTML_CodeSniffer runner (WCAG2AA) over a list of URLs, in one Chromium.
 *
 * Usage: node run.js URL...   Prints one JSON object on stdout:
 *   {"pa11y": version, "htmlcs": version, "pages": [{"url", "issues": [...]}]}
 * with pa11y's issue objects (errors only, as pa11y reports by default). Exit code 0 whenever
 * every page could be checked, whatever it found: judging the issues is the caller's job.
 *
 * One browser for all pages (pa11y's `browser` option) keeps a run over every page kind within
 * seconds; pa11y would otherwise start Chromium once per URL. Debian's Chromium, never a
 * downloaded one (install with PUPPETEER_SKIP_DOWNLOAD=1).
 */
"use strict";

const pa11y = require("pa11y");
const puppeteer = require("puppeteer");

const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

function versionOf(name) {
  return require(`${name}/package.json`).version;
}

async function main(urls) {
  if (!urls.length) throw new Error("usage: node run.js URL...");
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    // As root in a closed network: no sandbox, no background connections.
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
  });
  const pages = [];
  try {
    // One page after the other, in one tab: two cores, and the suite's other browser tests run
    // beside this; a new tab per URL would cost a renderer process (about 1 s CPU) each time.
    const page = await browser.newPage();
    // pa11y's default viewport, so that every page is loaded at the size it is checked at.
    await page.setViewport({ width: 1280, height: 1024 });
    try {
      for (const url of urls) {
        // pa11y's own navigation waits for network idle (half a second of quiet per page); the
        // load event suffices: the pages' scripts are deferred and have run by then. A response
        // means a new document, not a jump within the last one.
        const response = await page.goto(url, { waitUntil: "load", timeout: 30000 });
        if (!response || !response.ok()) {
          throw new Error(`${url}: HTTP ${response ? response.status() : "no response"}`);
        }
        const result = await pa11y(url, {
          browser,
          page,
          ignoreUrl: true,
          runners: ["htmlcs"],
          standard: "WCAG2AA",
          timeout: 30000,
        });
        pages.push({ url, title: result.documentTitle, issues: result.issues });
      }
    } finally {
      await page.close();
    }
  } finally {
    await browser.close();
  }
  return {
    pa11y: versionOf("pa11y"),
    htmlcs: versionOf("@pa11y/html_codesniffer"),
    pages,
  };
}

main(process.argv.slice(2)).then(
  (report) => process.stdout.write(JSON.stringify(report) + "\n"),
  (error) => {
    process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
    process.exit(2);
  },
);
