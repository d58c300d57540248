"""MedCLIP-style decoupled batches (mirrors Sources/Training/Data/DecoupledBatchSampler.swift): images
and texts drawn separately plus a share of true pairs (same study); every language gets a minimum
share of the unpaired texts; a share of draws replays corpus versions the parent model saw. Items
awaiting labels are drawn only as true pairs. Draws are with replacement across batches and without
replacement inside a batch where the pool allows."""
import random


class _Pool:
    def __init__(self, items):
        self.old = [i for i, is_old in items if is_old]
        self.new = [i for i, is_old in items if not is_old]

    def __bool__(self):
        return bool(self.old or self.new)

    def draw(self, replay_share, used, rng):
        pick = 0
        for _ in range(4):
            if not self.old:
                half = self.new
            elif not self.new:
                half = self.old
            else:
                half = self.old if rng.random() < replay_share else self.new
            pick = half[rng.randrange(len(half))]
            if pick not in used:
                break
        used.add(pick)
        return pick


class DecoupledBatchSampler:
    def __init__(self, images, texts, pair_share=0.25, language_min_share=0.1, replay_share=0.3, replay_before=None):
        """`images`, `texts`: snapshot.Items; replay_before: the parent model's corpus version."""
        if not len(images) or not len(texts):
            raise ValueError("the training split needs images and texts")
        self.pair_share, self.language_min_share, self.replay_share = pair_share, language_min_share, replay_share

        def old(version):
            return replay_before is not None and version <= replay_before

        self.images = _Pool([(i, old(v)) for i, (v, l) in enumerate(zip(images.added_version, images.labels)) if l is not None])
        by_language = {}
        for i, (v, l, language) in enumerate(zip(texts.added_version, texts.labels, texts.language)):
            if l is not None:
                by_language.setdefault(language, []).append((i, old(v)))
        self.languages = sorted(by_language)
        self.texts_by_language = [_Pool(by_language[k]) for k in self.languages]
        self.all_texts = _Pool(sorted((x for v in by_language.values() for x in v)))
        study_images, study_texts = {}, {}
        for i, s in enumerate(images.study):
            study_images.setdefault(s, []).append(i)
        for i, s in enumerate(texts.study):
            study_texts.setdefault(s, []).append(i)
        self.pairable = [(study_images[s], study_texts[s]) for s in sorted(study_images) if s in study_texts]
        if not self.pairable and not (self.images and self.all_texts):
            raise ValueError("nothing to train on: no labeled images and texts, and no study with both an image and a text")

    def next(self, size, rng):
        """(image indices, text indices, number of leading true pairs) for a batch of `size` each."""
        only_pairs = not self.images or not self.all_texts
        pairs = 0 if not self.pairable else size if only_pairs else min(size, int(self.pair_share * size + 0.5))
        images, texts, used_images, used_texts = [], [], set(), set()
        for _ in range(pairs):
            study_images, study_texts = self.pairable[rng.randrange(len(self.pairable))]
            image, text = study_images[rng.randrange(len(study_images))], study_texts[rng.randrange(len(study_texts))]
            images.append(image)
            texts.append(text)
            used_images.add(image)
            used_texts.add(text)
        while len(images) < size:
            images.append(self.images.draw(self.replay_share, used_images, rng))
        free = size - pairs
        per_language = min(int(self.language_min_share * free), free // len(self.languages)) if self.languages else 0
        for pool in self.texts_by_language:
            for _ in range(per_language):
                texts.append(pool.draw(self.replay_share, used_texts, rng))
        while len(texts) < size:
            texts.append(self.all_texts.draw(self.replay_share, used_texts, rng))
        return images, texts, pairs


def make_rng(seed):
    return random.Random(seed)
