"""What bench/observatory.py prints and writes: the per-test report and the docs/benchmarks.md section."""

from __future__ import annotations

import datetime
import platform

START = "<!-- observatory: written by bench/observatory.py -->"
END = "<!-- /observatory -->"
MIN_SCORE = 100


def passed(entry: dict) -> bool:
    return not entry.get("error") and entry["grade"] == "A+" and entry["score"] >= MIN_SCORE


def modifier(value: int) -> str:
    return f"+{value}" if value > 0 else ("0" if value == 0 else f"−{-value}")


def print_report(labels: dict[str, str], report: dict) -> None:
    print(f"\n{report['package']} {report['version']} (algorithm {report['algorithmVersion']})")
    for entry in report["results"]:
        label = labels[entry["path"]]
        if entry.get("error"):
            print(f"\n{label} ({entry['path']}): ERROR {entry['error']}")
            continue
        print(
            f"\n{label} ({entry['path']}): {entry['grade']}, score {entry['score']} "
            f"(HTTP {entry['statusCode']})"
        )
        for name, test in entry["tests"].items():
            mark = "pass" if test["pass"] else "FAIL"
            print(f"  {mark}  {modifier(test['scoreModifier']):>4}  {name}: {test['result']}")
        if not passed(entry):
            print("  The response headers the scanner saw:")
            for name, value in sorted(entry["responseHeaders"].items()):
                print(f"    {name}: {value}")
    check = report.get("crossCheck")
    if check is not None:
        same = "the same" if check.get("same") else f"DIFFERENT: {check}"
        print(f"\nThe package's own scan() of / gives {same} grade, score and test results.")


def section(labels: dict[str, str], report: dict, versions: dict[str, str], elapsed: float, ok: bool) -> str:
    nginx_version, node_version = versions["nginx"], versions["node"]
    verdict = "every target is A+ with a score of at least 100" if ok else "**not** every target is A+"
    results = [entry for entry in report["results"] if not entry.get("error")]
    names = list(results[0]["tests"]) if results else []
    lines = [
        START,
        "## HTTP Observatory",
        "",
        "Written by `make observatory` (`.venv/bin/python bench/observatory.py --output docs/benchmarks.md`);"
        " "
        "run it again rather than editing. "
        "How it works and what the scan checks: [security.md](security.md#http-observatory).",
        "",
        f"- **Date**: {datetime.datetime.now():%Y-%m-%d %H:%M} (local time); the run took {elapsed:.0f} s",
        f"- **Scanner**: `{report['package']}` {report['version']} (scoring algorithm "
        f"{report['algorithmVersion']}), pinned in bench/observatory/package-lock.json",
        f"- **Front**: nginx on 127.0.0.1:80 (redirect to https) and :443 (TLS, throwaway CA), proxying "
        f"to `bronwijzer serve` with BRONWIJZER_ENV=production (gunicorn); nginx {nginx_version}, "
        f"Node.js {node_version}, Python {platform.python_version()}",
        f"- **Verdict**: {verdict}",
        "",
        "| Target | Path | Grade | Score | " + " | ".join(names) + " |",
        "| --- | --- | --- | ---: | " + " | ".join("---" for _ in names) + " |",
    ]
    for entry in report["results"]:
        label = labels[entry["path"]]
        if entry.get("error"):
            lines.append(f"| {label} | `{entry['path']}` | error | — | {entry['error']} |")
            continue
        cells = [
            f"{'✓' if test['pass'] else '✗'} {modifier(test['scoreModifier'])}"
            for test in entry["tests"].values()
        ]
        lines.append(
            f"| {label} | `{entry['path']}` | {entry['grade']} | {entry['score']} | "
            + " | ".join(cells)
            + " |"
        )
    lines += ["", "<details><summary>Each test's result</summary>", ""]
    lines += ["| Target | Test | Result | Score modifier |", "| --- | --- | --- | ---: |"]
    for entry in results:
        for name, test in entry["tests"].items():
            lines.append(
                f"| {labels[entry['path']]} | {name} | `{test['result']}` | "
                f"{modifier(test['scoreModifier'])} |"
            )
    lines += ["", "</details>", "", END, ""]
    return "\n".join(lines)
