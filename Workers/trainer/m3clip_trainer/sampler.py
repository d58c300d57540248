"""MedCLIP-style decoupled batches (mirrors Sources/Training/Data/DecoupledBatchSampler.swift): images
and texts drawn separately plus a share of true pairs (same study); every language gets a minimum
share of the unpaired texts; a share of draws replays corpus versions the parent model saw. Draws are
finding-aware: a share of the unpaired images is drawn finding-first (a finding uniformly, then an image
showing it) and a share of the unpaired texts states a finding of one of the batch's unpaired images, so
the soft targets of abnormal images are not flat (an item's findings come with the snapshot). Items
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


def _chance(p, rng):
    """True with probability p; draws nothing when p is 0 or 1 (as the Swift sampler)."""
    return p > 0 and (p >= 1 or rng.random() < p)


class DecoupledBatchSampler:
    def __init__(self, images, texts, pair_share=0.25, language_min_share=0.1, replay_share=0.3, replay_before=None,
                 finding_balance_share=0.5, label_match_share=0.5):
        """`images`, `texts`: snapshot.Items; replay_before: the parent model's corpus version."""
        if not len(images) or not len(texts):
            raise ValueError("the training split needs images and texts")
        self.pair_share, self.language_min_share, self.replay_share = pair_share, language_min_share, replay_share
        self.finding_balance_share, self.label_match_share = finding_balance_share, label_match_share

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
        images_by_finding, self.findings_of_image = {}, {}
        for i, (v, l, findings) in enumerate(zip(images.added_version, images.labels, images.findings)):
            if l is not None:
                self.findings_of_image[i] = findings
                for f in findings:
                    images_by_finding.setdefault(f, []).append((i, old(v)))
        self.images_by_finding = {f: _Pool(items) for f, items in images_by_finding.items()}
        self.image_findings = sorted(images_by_finding)
        by_language_finding, by_finding = {}, {}
        for i, (v, l, language, findings) in enumerate(zip(texts.added_version, texts.labels, texts.language, texts.findings)):
            if l is not None:
                for f in findings:
                    by_language_finding.setdefault(language, {}).setdefault(f, []).append((i, old(v)))
                    by_finding.setdefault(f, []).append((i, old(v)))
        self.texts_by_finding = [{f: _Pool(x) for f, x in by_language_finding.get(k, {}).items()} for k in self.languages]
        self.all_texts_by_finding = {f: _Pool(x) for f, x in by_finding.items()}
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
            pool = self.images
            if self.image_findings and _chance(self.finding_balance_share, rng):
                pool = self.images_by_finding[self.image_findings[rng.randrange(len(self.image_findings))]]
            images.append(pool.draw(self.replay_share, used_images, rng))
        unpaired = images[pairs:]

        def draw_text(pool, by_finding):
            if unpaired and _chance(self.label_match_share, rng):
                findings = self.findings_of_image.get(unpaired[rng.randrange(len(unpaired))])
                stating = by_finding.get(findings[rng.randrange(len(findings))]) if findings else None
                if stating is not None:
                    pool = stating
            return pool.draw(self.replay_share, used_texts, rng)

        free = size - pairs
        per_language = min(int(self.language_min_share * free), free // len(self.languages)) if self.languages else 0
        for pool, by_finding in zip(self.texts_by_language, self.texts_by_finding):
            for _ in range(per_language):
                texts.append(draw_text(pool, by_finding))
        while len(texts) < size:
            texts.append(draw_text(self.all_texts, self.all_texts_by_finding))
        return images, texts, pairs


def make_rng(seed):
    return random.Random(seed)
