from writer_app.core.writing.lookup import FIRST_DRAFT, MAX_DRAFT, MIN_DRAFT, PromptLookup


def test_a_draft_is_what_followed_the_same_words_in_the_prompt() -> None:
    lookup = PromptLookup([1, 2, 3, 4, 5, 6, 7, 8, 9])
    for token in (2, 3):
        lookup.add(token)
    assert lookup.draft(limit=3) == [4, 5, 6]
    assert lookup.draft(limit=100) == [4, 5, 6, 7][:FIRST_DRAFT]


def test_the_longest_and_latest_match_wins() -> None:
    lookup = PromptLookup([5, 6, 1, 9, 9, 7, 6, 1, 2, 3])
    lookup.add(6)
    lookup.add(1)
    assert lookup.draft(limit=2) == [2, 3]  # "6 1" last occurred before "2 3"
    lookup = PromptLookup([7, 6, 1, 4, 4, 5, 6, 1, 2, 3])
    for token in (7, 6, 1):
        lookup.add(token)
    assert lookup.draft(limit=2) == [4, 4]  # "7 6 1" is longer than "6 1"


def test_no_single_token_matches_and_no_match_drafts_nothing() -> None:
    lookup = PromptLookup([1, 2, 3])
    lookup.add(9)
    lookup.add(2)
    assert lookup.draft(limit=4) == []


def test_the_answer_so_far_is_a_source_too() -> None:
    lookup = PromptLookup([100, 101])
    for token in (1, 2, 3, 4, 1, 2):
        lookup.add(token)
    assert lookup.draft(limit=2) == [3, 4]


def test_the_draft_grows_when_kept_and_shrinks_when_not() -> None:
    lookup = PromptLookup([*range(100), 0, 1])
    assert len(lookup.draft(limit=100)) == FIRST_DRAFT
    lookup.record(FIRST_DRAFT, FIRST_DRAFT)
    assert len(lookup.draft(limit=100)) == 2 * FIRST_DRAFT
    for _ in range(10):
        lookup.record(1, 1)
    assert len(lookup.draft(limit=100)) == MAX_DRAFT
    lookup.record(0, MAX_DRAFT)
    assert len(lookup.draft(limit=100)) == MIN_DRAFT
    assert lookup.kept == FIRST_DRAFT + 10
