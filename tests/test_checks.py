"""The check registry, run_checks and the cluster status rules."""

from __future__ import annotations

from collections.abc import Sequence

from corroborate.checks import REGISTRY, Context, check, run_checks, status_for
from corroborate.records import Article, Claim, Conflict, Polarity, Severity


def article(n: str, flags: tuple[str, ...] = ()) -> Article:
    return Article(id=f"d{n}", path="", text="", source=f"{n}_12a384ead935d268", flags=flags)


def claim(doc: str, text: str, polarity: Polarity = "positive") -> Claim:
    return Claim(id=f"c-{doc}", document_id=doc, text=text, sentence=text, start=0, end=len(text), polarity=polarity)


def finding(severity: Severity, **data: object) -> Conflict:
    return Conflict("x", "date", severity, ("a", "b"), "A says one thing; B says another.", data=dict(data))


def test_registry_holds_the_stable_names() -> None:
    assert {"number-interval", "date-mismatch", "date-weekday", "polarity"} <= set(REGISTRY)


def test_check_decorator_registers_and_run_checks_passes_context() -> None:
    seen: list[Context] = []

    @check("test-probe")
    def probe(claims: Sequence[Claim], ctx: Context) -> list[Conflict]:
        seen.append(ctx)
        return []

    try:
        docs = {a.id: a for a in (article("000"), article("001"))}
        run_checks([claim("d000", "x"), claim("d001", "y")], docs, {"d000": "2024-01-29"})
        assert seen[0].date_of("d000") == ("2024-01-29", True)
        assert seen[0].source("d001") == "001"
    finally:
        del REGISTRY["test-probe"]


def test_other_event_documents_are_left_out() -> None:
    docs = {a.id: a for a in (article("000"), article("001"), article("004", ("other-event",)))}
    claims = [
        claim("d000", "The US has not struck Iran.", "negative"),
        claim("d004", "The US has struck Iran.", "positive"),
    ]
    assert run_checks(claims, docs) == []
    claims.append(claim("d001", "The US has struck Iran.", "positive"))
    [found] = run_checks(claims, docs)
    assert "004" not in found.detail and set(found.claims) == {"c-d000", "c-d001"}


def test_a_cluster_all_about_another_event_is_compared_within_itself() -> None:
    docs = {a.id: a for a in (article("000"), article("004", ("other-event",)), article("005", ("other-event",)))}
    claims = [
        claim("d004", "The US has not struck Iran.", "negative"),
        claim("d005", "The US has struck Iran.", "positive"),
    ]
    [found] = run_checks(claims, docs)
    assert set(found.claims) == {"c-d004", "c-d005"}
    assert run_checks([*claims, claim("d000", "The US has struck Iran.", "positive")], docs) == []  # main event only


def test_status_rules() -> None:
    assert status_for(1, [finding("contradiction")], 1) == "single-source"
    assert status_for(0, [], 0) == "single-source"
    assert status_for(2, [], 2) == "corroborated"
    assert status_for(3, [finding("discrepancy")], 3) == "corroborated"
    assert status_for(3, [finding("discrepancy"), finding("contradiction")], 3) == "contradicted"
    assert status_for(2, [finding("discrepancy", anomaly=True)], 2) == "contradicted"
    assert status_for(2, [finding("discrepancy", anomaly=False)], 2) == "corroborated"
