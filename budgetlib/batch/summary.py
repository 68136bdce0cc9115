"""The table a batch ends with: documents ok / refused / failed / skipped, time per stage, the slowest
documents, and what the exit status means."""

from __future__ import annotations

from pathlib import Path

from budgetlib.batch.run import NOTICES, Summary

STAGES = (("find", "find files"), ("hash", "sha256"), ("read", "read alone"), ("pair", "pairs"),
          ("store", "store (of read)"), ("export", "exports, data package"), ("notebooks", "notebooks"),
          ("index", "index page"))


def lines(summary: Summary, out: Path, reports: Path | None, slowest: int = 5) -> list[str]:
    docs = summary.documents
    text = ["", f"batch summary ({summary.pool})",
            f"  documents   {len(docs):>5}   ok {summary.count('ok')}, refused {summary.count('refused')}, "
            f"failed {summary.count('failed')}, skipped (unchanged) {summary.count('skipped')}"]
    notebooks = summary.notebooks
    if notebooks:
        count = {s: sum(n["status"] == s for n in notebooks) for s in ("ok", "failed", "skipped")}
        text.append(f"  notebooks   {len(notebooks):>5}   ok {count['ok']}, failed {count['failed']}, "
                    f"skipped (unchanged) {count['skipped']}")
    text.append("  time per stage:")
    for key, label in STAGES:
        if key in summary.times:
            text.append(f"    {label:<24} {summary.times[key]:8.1f} s")
    timed = sorted((d for d in docs if d.status == "ok"), key=lambda d: d.seconds, reverse=True)[:slowest]
    if timed:
        text.append("  slowest documents:")
        text += [f"    {d.seconds:6.1f} s  {' + '.join(Path(p).name for p in d.label.split('+'))}" for d in timed]
    ran = [n for n in notebooks if n["status"] == "ok"]
    if ran:
        text.append("  slowest notebooks:")
        text += [f"    {n['seconds']:6.1f} s  {n['notebook']} {n['report']}"
                 for n in sorted(ran, key=lambda n: n["seconds"], reverse=True)[:3]]
    for note in summary.notes:
        text.append(f"  note: {note}")
    notices = [f for f in summary.failures if f.error_class in NOTICES]
    failed = summary.failed
    if failed or notices:
        text.append(f"  failures.csv: {out / 'failures.csv'} ({len(failed)} failed, {len(notices)} refused as not "
                    "budgets)")
    if reports is not None and (reports / "index.html").is_file():
        text.append(f"  reports: {reports / 'index.html'}")
    text.append(f"  store: {out / 'budget.duckdb'}; data package: {out / 'package' / 'datapackage.json'}")
    code = summary.exit_code()
    meaning = {0: "everything went through" + (" (the refusals are readable files that are not budgets)"
                                                 if notices else ""),
               1: "something failed (see failures.csv)", 3: "an internal error (a bug; see budgetlib.log)",
               130: "interrupted: what finished is kept; run the same command again to go on"}[code]
    text.append(f"  exit status {code}: {meaning}")
    return text
