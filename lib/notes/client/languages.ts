// Split into its own chunk by highlight.ts's dynamic import. The languages a sales team pastes (snippets of
// an integration, a query, a config) rather than highlight.js's 37 "common" ones: a fifth of the bytes.
import bash from "highlight.js/lib/languages/bash";
import css from "highlight.js/lib/languages/css";
import javascript from "highlight.js/lib/languages/javascript";
import json from "highlight.js/lib/languages/json";
import markdown from "highlight.js/lib/languages/markdown";
import python from "highlight.js/lib/languages/python";
import sql from "highlight.js/lib/languages/sql";
import typescript from "highlight.js/lib/languages/typescript";
import xml from "highlight.js/lib/languages/xml";
import yaml from "highlight.js/lib/languages/yaml";

export const common = { bash, css, javascript, json, markdown, python, sql, typescript, xml, yaml };
