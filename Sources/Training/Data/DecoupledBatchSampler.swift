public import Tensors

/// Draws MedCLIP-style decoupled batches: images and texts sampled separately (so unpaired images
/// and unpaired reports both train and the label similarity decides what matches), plus a share of
/// true pairs; every language present gets a minimum share of the texts; and, when continuing
/// from a parent model, a share of draws replays corpus versions the parent already saw.
///
/// Items still awaiting labels (``TrainingImage/labels`` nil) are drawn only as true pairs, where
/// ``TrainingLabels`` matches them to their own study; the independent draws take labeled items.
/// When a corpus has no labeled images (or texts) yet, every slot is a true pair.
///
/// Draws are with replacement across batches and without replacement inside a batch where the
/// pool allows it. All randomness comes from the caller's ``TensorRNG``, so a run reproduces and
/// resumes exactly.
public struct DecoupledBatchSampler: Sendable {
    public let settings: SamplingSettings
    /// Sorted languages present among the texts.
    public let languages: [String]

    private let images: Pool
    private let textsByLanguage: [Pool]
    private let allTexts: Pool
    /// Studies with both images and texts, each with its image and text indices.
    private let pairable: [(images: [Int], texts: [Int])]

    /// `replayBefore`: items added at or before this corpus version count as already seen (the
    /// parent model's corpus version); nil when training from scratch.
    public init(corpus: TrainingCorpus, settings: SamplingSettings, replayBefore: Int? = nil) throws(TrainingError) {
        try settings.validate()
        guard !corpus.images.isEmpty else { throw TrainingError("the training split has no images") }
        guard !corpus.texts.isEmpty else { throw TrainingError("the training split has no texts") }
        self.settings = settings
        func isOld(_ version: Int) -> Bool { replayBefore.map { version <= $0 } ?? false }
        images = Pool(corpus.images.indices.filter { corpus.images[$0].labels != nil }.map { ($0, isOld(corpus.images[$0].addedVersion)) })
        var byLanguage: [String: [(Int, Bool)]] = [:]
        for (i, text) in corpus.texts.enumerated() where text.labels != nil {
            byLanguage[text.language, default: []].append((i, isOld(text.addedVersion)))
        }
        languages = byLanguage.keys.sorted()
        textsByLanguage = languages.map { Pool(byLanguage[$0]!) }
        allTexts = Pool(byLanguage.values.flatMap { $0 }.sorted { $0.0 < $1.0 })
        var studyImages: [String: [Int]] = [:], studyTexts: [String: [Int]] = [:]
        for (i, image) in corpus.images.enumerated() { studyImages[image.studyKey, default: []].append(i) }
        for (i, text) in corpus.texts.enumerated() { studyTexts[text.studyKey, default: []].append(i) }
        pairable = studyImages.keys.sorted().compactMap { key in
            guard let texts = studyTexts[key] else { return nil }
            return (studyImages[key]!, texts)
        }
        guard !pairable.isEmpty || (!images.isEmpty && !allTexts.isEmpty) else {
            throw TrainingError("nothing to train on: no labeled images and texts, and no study with both an image and a text")
        }
    }

    /// Whether some study has both an image and a text (true pairs can be drawn).
    public var hasPairs: Bool { !pairable.isEmpty }

    /// The next batch.
    public func next(rng: inout TensorRNG) -> SampledBatch {
        let size = settings.batchSize
        let onlyPairs = images.isEmpty || allTexts.isEmpty
        let pairCount = pairable.isEmpty ? 0 : onlyPairs ? size : min(size, Int((settings.pairShare * Double(size)).rounded()))
        var imageDraw: [Int] = [], textDraw: [Int] = []
        var usedImages = Set<Int>(), usedTexts = Set<Int>()
        for _ in 0..<pairCount {
            let study = pairable[Self.uniform(pairable.count, &rng)]
            let image = study.images[Self.uniform(study.images.count, &rng)]
            let text = study.texts[Self.uniform(study.texts.count, &rng)]
            imageDraw.append(image); textDraw.append(text)
            usedImages.insert(image); usedTexts.insert(text)
        }
        while imageDraw.count < size {
            imageDraw.append(images.draw(replayShare: settings.replayShare, avoiding: &usedImages, rng: &rng))
        }
        // Texts: a guaranteed minimum per language, the rest in proportion to what is stored.
        let free = size - pairCount
        let perLanguage = languages.isEmpty ? 0 : min(Int(settings.languageMinShare * Double(free)), free / languages.count)
        for pool in textsByLanguage {
            for _ in 0..<perLanguage { textDraw.append(pool.draw(replayShare: settings.replayShare, avoiding: &usedTexts, rng: &rng)) }
        }
        while textDraw.count < size {
            textDraw.append(allTexts.draw(replayShare: settings.replayShare, avoiding: &usedTexts, rng: &rng))
        }
        return SampledBatch(images: imageDraw, texts: textDraw, pairs: pairCount)
    }

    /// Unbiased uniform integer in 0..<n from the run's generator.
    static func uniform(_ n: Int, _ rng: inout TensorRNG) -> Int {
        Int(rng.next() % UInt64(n))
    }

    /// Item indices split into those a parent model saw (old) and the rest (new).
    private struct Pool: Sendable {
        let old: [Int], new: [Int]

        var isEmpty: Bool { old.isEmpty && new.isEmpty }

        init(_ items: [(index: Int, isOld: Bool)]) {
            old = items.filter(\.isOld).map(\.index)
            new = items.filter { !$0.isOld }.map(\.index)
        }

        /// One index: from `old` with probability `replayShare` when both halves exist; a few
        /// retries avoid repeating an item already in the batch.
        func draw(replayShare: Double, avoiding used: inout Set<Int>, rng: inout TensorRNG) -> Int {
            var pick = 0
            for _ in 0..<4 {
                let fromOld: Bool
                if old.isEmpty { fromOld = false } else if new.isEmpty { fromOld = true } else {
                    fromOld = Double(rng.nextUniform()) < replayShare
                }
                let half = fromOld ? old : new
                pick = half[DecoupledBatchSampler.uniform(half.count, &rng)]
                if !used.contains(pick) { break }
            }
            used.insert(pick)
            return pick
        }
    }
}
