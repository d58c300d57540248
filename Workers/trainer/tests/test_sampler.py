"""The decoupled sampler's finding-aware draws (mirrors Tests/TrainingTests/DecoupledBatchSamplerTests.swift)."""
from m3clip_trainer.sampler import DecoupledBatchSampler, make_rng
from m3clip_trainer.snapshot import Items

CONSOLIDATION, NO_FINDING = 6, 0


def skewed():
    """90 normal studies and 10 with consolidation; each one image, the sentence of its finding and a
    normal sentence (1 text in 20 states consolidation)."""
    images, texts = Items(), Items()
    for s in range(100):
        finding = [CONSOLIDATION] if s % 10 == 0 else [NO_FINDING]
        images.ids.append(f"image:{s}"), images.study.append(s), images.labels.append([0.0] * 28)
        images.added_version.append(1), images.findings.append(finding)
        for f in (finding, [NO_FINDING]):
            texts.ids.append(f"sentence:{len(texts.ids)}"), texts.study.append(s), texts.labels.append([0.0] * 28)
            texts.added_version.append(1), texts.findings.append(f), texts.language.append("eng_Latn")
    return images, texts


def test_finding_first_draws_balance_a_rare_finding():
    images, texts = skewed()

    def share(balance):
        sampler = DecoupledBatchSampler(images, texts, pair_share=0, finding_balance_share=balance, label_match_share=0)
        rng, drawn = make_rng(4), []
        for _ in range(300):
            drawn += sampler.next(8, rng)[0]
        return sum(images.findings[i] == [CONSOLIDATION] for i in drawn) / len(drawn)

    assert 0.05 < share(0) < 0.15
    assert 0.4 < share(1) < 0.6


def test_label_matched_texts_state_a_finding_of_the_batch_images():
    images, texts = skewed()
    sampler = DecoupledBatchSampler(images, texts, pair_share=0.25, finding_balance_share=0.5, label_match_share=1)
    rng = make_rng(5)
    with_image = with_text = 0
    for _ in range(300):
        batch_images, batch_texts, pairs = sampler.next(8, rng)
        shown = {f for i in batch_images[pairs:] for f in images.findings[i]}
        assert all(set(texts.findings[t]) <= shown for t in batch_texts[pairs:])
        if CONSOLIDATION in shown:
            with_image += 1
            with_text += any(texts.findings[t] == [CONSOLIDATION] for t in batch_texts[pairs:])
    assert with_image > 100 and with_text / with_image > 0.6
