"""Year-over-year change for one department: from several documents, or from one document's narrative.

Several documents: lines are joined by subject code. Codes renamed, moved or split between years are
first mapped through a curated crosswalk (crosswalk.csv: from_year, old_code, to_year, new_code, note),
then by identical names; whatever stays unmatched is returned as a log, never dropped silently.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pandas as pd

CROSSWALK = Path(__file__).with_name("crosswalk.csv")
SERIES_TABLES = ("general_expenditure", "fiscal_expenditure", "dept_expenditure")


def crosswalk() -> pd.DataFrame:
    return pd.read_csv(CROSSWALK, dtype={"old_code": str, "new_code": str, "from_year": int, "to_year": int})


def series_lines(lines: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Per year, the function-classified totals of the first table kind every year prints."""
    lines = lines.merge(documents[["doc_id", "year"]], on="doc_id")
    for table in SERIES_TABLES:
        chosen = lines[(lines["kind"] == table) & (lines["measure"] == "total") & (lines["code"] != "")
                       & (lines["basis"] != "budget")]
        if chosen["year"].nunique() == documents["year"].nunique():
            return chosen.drop_duplicates(["year", "code"])[["year", "kind", "code", "name", "level", "amount"]]
    raise LookupError("no function-classified expenditure table is printed in every year")


def join_years(series: pd.DataFrame, mapping: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(wide table code × year, log of codes matched by crosswalk or name, or left unmatched)."""
    mapping = crosswalk() if mapping is None else mapping
    series = series.copy()
    log = []
    years = sorted(series["year"].unique())
    for earlier, later in itertools.pairwise(years):
        old = series[series["year"] == earlier]
        new_codes = set(series.loc[series["year"] == later, "code"])
        names_later = series[series["year"] == later].set_index("name")["code"].to_dict()
        for row in old.itertuples():
            if row.code in new_codes:
                continue
            hit = mapping[(mapping["from_year"] == earlier) & (mapping["old_code"] == row.code)]
            if len(hit):
                target, how = hit.iloc[0]["new_code"], "crosswalk"
            elif row.name in names_later:
                target, how = names_later[row.name], "name"
            else:
                log.append({"year": earlier, "code": row.code, "name": row.name, "matched_to": "", "how": "unmatched"})
                continue
            series.loc[(series["year"] <= earlier) & (series["code"] == row.code), "code"] = target
            log.append({"year": earlier, "code": row.code, "name": row.name, "matched_to": target, "how": how})
        for code in new_codes - set(series.loc[series["year"] == earlier, "code"]):
            name = names_later and series.loc[(series["year"] == later) & (series["code"] == code), "name"].iloc[0]
            log.append({"year": later, "code": code, "name": name, "matched_to": "", "how": "new"})
    latest = series.sort_values("year").drop_duplicates("code", keep="last").set_index("code")[["name", "level"]]
    wide = series.pivot_table(index="code", columns="year", values="amount", aggfunc="sum")
    wide = latest.join(wide, how="right").reset_index()
    return wide, pd.DataFrame(log, columns=["year", "code", "name", "matched_to", "how"])


def changes(wide: pd.DataFrame, earlier: int, later: int) -> pd.DataFrame:
    """Absolute and % change between two years per code (a code missing in a year counts 0 there)."""
    out = wide[["code", "name", "level"]].copy()
    out[earlier] = wide[earlier].fillna(0.0)
    out[later] = wide[later].fillna(0.0)
    out["change"] = (out[later] - out[earlier]).round(6)
    out["change_pct"] = (out["change"] / out[earlier].where(out[earlier] != 0) * 100).round(2)
    return out


def narrative_changes(facts: pd.DataFrame, year: int) -> pd.DataFrame:
    """The narrative's own statement: this year, the derived prior year, the change and its reason."""
    now = facts[(facts["year"] == year) & ~facts["derived"].astype(bool)].drop_duplicates("subject")
    before = facts[(facts["year"] < year) & facts["derived"].astype(bool)].drop_duplicates("subject")
    joined = now.merge(before[["subject", "year", "amount"]], on="subject", suffixes=("", "_prior"))
    return joined[["subject", "label", "year_prior", "amount_prior", "year", "amount", "change", "direction",
                   "percent", "reason"]]


def stated_vs_computed(facts: pd.DataFrame, figures_by_year: pd.DataFrame, year: int,
                       tolerance: float = 0.01) -> pd.DataFrame:
    """The narrative's stated change beside the change computed from two years' documents; mismatches flagged.

    figures_by_year: key, year, amount (the key figures of each year's document)."""
    stated = narrative_changes(facts, year)
    prior = figures_by_year[figures_by_year["year"] == year - 1].set_index("key")["amount"]
    current = figures_by_year[figures_by_year["year"] == year].set_index("key")["amount"]
    stated = stated[stated["subject"].isin(prior.index) & stated["subject"].isin(current.index)].copy()
    stated["computed_prior"] = stated["subject"].map(prior)
    stated["computed_change"] = (stated["subject"].map(current) - stated["computed_prior"]).round(6)
    signed = stated["change"].where(stated["direction"] != "减少", -stated["change"])
    stated["mismatch"] = (signed - stated["computed_change"]).abs() > tolerance
    return stated
