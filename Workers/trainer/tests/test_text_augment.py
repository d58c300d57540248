"""Sentence augmentations (mirrors Tests/TrainingTests/TextAugmenterTests.swift)."""
import random

from m3clip_trainer.augment import TextAugmenter


def test_a_sentence_that_is_not_affirmative_keeps_every_word():
    augmenter, rng = TextAugmenter(words=1, word_dropout=0.9), random.Random(1)
    for _ in range(50):
        out = augmenter("No pleural effusion.", False, rng)
        assert out.lower().rstrip(".").split() == ["no", "pleural", "effusion"]


def test_an_affirmative_sentence_varies_as_an_ordered_subset_of_its_words():
    text = "There is a moderate pleural effusion on the left."
    words = text.lower().rstrip(".").split()
    rng, seen = random.Random(2), set()
    for _ in range(200):
        out = TextAugmenter()(text, True, rng)
        seen.add(out)
        rest = list(words)
        for word in out.lower().rstrip(".").split():
            assert word in rest, (out, text)
            rest = rest[rest.index(word) + 1:]
    assert len(seen) > 20
