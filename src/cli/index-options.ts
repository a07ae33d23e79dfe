// The package-index options `pack` and `lock` share (pip's names and meanings), defined once.
import type { Command } from "commander";
import { collect, nonNegative } from "./option-parsers.js";

/** Adds -i, --extra-index-url, -f, --no-index, --trusted-host, --cert, --proxy, --timeout and --retries to `command`. */
export function addIndexOptionsTo(command: Command): Command {
  return command
    .option("-i, --index-url <url>", "base URL of the package index (PEP 503/691)")
    .option("--extra-index-url <url>", "another index, asked only for projects the first lacks; repeatable", collect)
    .option("-f, --find-links <path-or-url>", "a directory or HTML page of distributions; repeatable", collect)
    .option("--no-index", "use only --find-links locations")
    .option("--trusted-host <host>", "allow plain HTTP for this host; repeatable", collect)
    .option("--cert <file>", "a CA bundle for HTTPS (added to the system's)")
    .option("--proxy <url>", "proxy for HTTP and HTTPS (default: HTTPS_PROXY / HTTP_PROXY)")
    .option("--timeout <seconds>", "network idle timeout per request (default: 15)", nonNegative)
    .option("--retries <n>", "retries for transient network failures (default: 5)", nonNegative);
}
