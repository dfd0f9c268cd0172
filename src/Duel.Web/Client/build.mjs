// Bundles the browser code into wwwroot/dist. Run by the MSBuild target in Duel.Web.csproj.
import * as esbuild from "esbuild";
import { writeFileSync } from "node:fs";

const result = await esbuild.build({
  entryPoints: ["Client/site.js", "Client/battle.js", "Client/replay.js", "Client/site.css"],
  outdir: "wwwroot/dist",
  bundle: true,
  minify: true,
  sourcemap: false,
  format: "iife",
  target: ["es2020"],
  platform: "browser",
  legalComments: "eof",
  metafile: true,
  logLevel: "warning",
});

// The stamp is the MSBuild target's output: a rebuild happens only when inputs are newer.
writeFileSync("wwwroot/dist/.stamp", Object.keys(result.metafile.outputs).join("\n") + "\n");
