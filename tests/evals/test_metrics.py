"""Hand-checkable cases for the eval metrics in evals/metrics.py."""

import math

import pytest
from metrics import (
    OVERALL,
    aggregate,
    fold,
    found_keyphrases,
    hit_at_k,
    keyphrase_coverage,
    reciprocal_rank,
)


def test_fold_is_the_assistants_fold_with_whitespace_collapsed():
    assert fold("Straße  in\nNÜRNBERG") == "strasse in nurnberg"
    assert fold("Öffentliche\u00a0Verwaltung") == fold("Oeffentliche Verwaltung")
    assert fold("Nordl@nder.DIGITAL") == fold("Nordlaender.digital") == "nordlander.digital"


def test_fold_composed_and_decomposed_umlaut_agree():
    assert fold("Lu\u0308beck") == fold("Lübeck") == fold("Luebeck") == "lubeck"


@pytest.mark.parametrize(
    ("ranked", "k", "expected"),
    [
        (["a", "b", "c"], 1, 0.0),
        (["a", "b", "c"], 2, 1.0),
        (["b", "a"], 1, 1.0),
        ([], 3, 0.0),
    ],
)
def test_hit_at_k(ranked, k, expected):
    assert hit_at_k(ranked, ["b"], k) == expected


def test_hit_at_k_any_gold_doc_counts():
    assert hit_at_k(["x", "d2"], ["d1", "d2"], 2) == 1.0


def test_reciprocal_rank():
    assert reciprocal_rank(["g", "x"], {"g"}) == 1.0
    assert reciprocal_rank(["x", "x", "g"], {"g"}) == pytest.approx(1 / 3)
    # first gold doc counts, even if another gold doc comes later
    assert reciprocal_rank(["x", "g2", "g1"], ["g1", "g2"]) == 0.5
    assert reciprocal_rank(["x", "y"], {"g"}) == 0.0


def test_reciprocal_rank_respects_cutoff():
    ranked = [f"x{i}" for i in range(10)] + ["g"]
    assert reciprocal_rank(ranked, {"g"}) == 0.0
    assert reciprocal_rank(ranked, {"g"}, cutoff=11) == pytest.approx(1 / 11)


def test_keyphrase_coverage_folds_both_sides():
    texts = ["Der Kongress fand in Nuernberg statt.", "Am 19. April  2023"]
    assert keyphrase_coverage(texts, ["Nürnberg", "19. april", "Hamburg", "2023"]) == 0.75


def test_keyphrase_coverage_does_not_match_across_passages():
    assert found_keyphrases(["am 19.", "April"], ["19. April", "April"]) == [False, True]


def test_keyphrase_coverage_edge_cases():
    assert keyphrase_coverage([], ["x"]) == 0.0
    assert keyphrase_coverage(["anything"], []) == 1.0


def test_aggregate_per_kind_and_overall():
    rows = [
        {"kind": "when", "hit": 1.0},
        {"kind": "when", "hit": 0.0},
        {"kind": "who", "hit": 1.0},
        {"kind": "who", "hit": None},  # not applicable: left out
    ]
    result = aggregate(rows, "hit")
    assert list(result) == ["when", "who", OVERALL]
    assert result["when"] == {"n": 2.0, "mean": 0.5}
    assert result["who"] == {"n": 1.0, "mean": 1.0}
    assert result[OVERALL]["n"] == 3.0
    assert result[OVERALL]["mean"] == pytest.approx(2 / 3)


def test_aggregate_empty():
    result = aggregate([], "hit")
    assert result[OVERALL]["n"] == 0.0
    assert math.isnan(result[OVERALL]["mean"])
