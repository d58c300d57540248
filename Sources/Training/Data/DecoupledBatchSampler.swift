import Radiology
public import Tensors

/// Draws MedCLIP-style decoupled batches: images and texts sampled separately (so unpaired images
/// and unpaired reports both train and the label similarity decides what matches), plus a share of
/// true pairs; every language present gets a minimum share of the texts; and, when continuing
/// from a parent model, a share of draws replays corpus versions the parent already saw.
///
/// Draws are finding-aware (``SamplingSettings/findingBalanceShare``,
/// ``SamplingSettings/labelMatchShare``): a share of the unpaired images is drawn finding-first, and
/// a share of the unpaired texts states a finding of an unpaired image in the same batch, so that
/// the semantic-matching targets of abnormal images are not flat. An item's findings are its
/// positive observations, or *No Finding* when it states none (``ObservationLabels/findings``).
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
    /// Labeled images by finding, and the findings some labeled image shows (sorted).
    private let imagesByFinding: [Observation: Pool]
    private let imageFindings: [Observation]
    /// Each image's findings, by image index (empty while it awaits labels).
    private let findingsOfImage: [[Observation]]
    /// Labeled texts by finding: per language (in ``languages`` order) and over all languages.
    private let textsByFinding: [[Observation: Pool]]
    private let allTextsByFinding: [Observation: Pool]

    /// `replayBefore`: items added at or before this corpus version count as already seen (the
    /// parent model's corpus version); nil when training from scratch.
    public init(corpus: TrainingCorpus, settings: SamplingSettings, replayBefore: Int? = nil) throws(TrainingError) {
        try settings.validate()
        guard !corpus.images.isEmpty else { throw TrainingError("the training split has no images") }
        guard !corpus.texts.isEmpty else { throw TrainingError("the training split has no texts") }
        self.settings = settings
        func isOld(_ version: Int) -> Bool { replayBefore.map { version <= $0 } ?? false }
        var labeledImages: [(Int, Bool)] = [], imagesFinding: [Observation: [(Int, Bool)]] = [:]
        findingsOfImage = corpus.images.map { $0.labels?.findings ?? [] }
        for (i, image) in corpus.images.enumerated() where image.labels != nil {
            let item = (i, isOld(image.addedVersion))
            labeledImages.append(item)
            for finding in findingsOfImage[i] { imagesFinding[finding, default: []].append(item) }
        }
        images = Pool(labeledImages)
        imagesByFinding = imagesFinding.mapValues(Pool.init)
        imageFindings = imagesFinding.keys.sorted()
        var byLanguage: [String: [(Int, Bool)]] = [:]
        var byLanguageFinding: [String: [Observation: [(Int, Bool)]]] = [:], byFinding: [Observation: [(Int, Bool)]] = [:]
        for (i, text) in corpus.texts.enumerated() {
            guard let labels = text.labels else { continue }
            let item = (i, isOld(text.addedVersion))
            byLanguage[text.language, default: []].append(item)
            for finding in labels.findings {
                byLanguageFinding[text.language, default: [:]][finding, default: []].append(item)
                byFinding[finding, default: []].append(item)
            }
        }
        languages = byLanguage.keys.sorted()
        textsByLanguage = languages.map { Pool(byLanguage[$0]!) }
        allTexts = Pool(byLanguage.values.flatMap { $0 }.sorted { $0.0 < $1.0 })
        textsByFinding = languages.map { (byLanguageFinding[$0] ?? [:]).mapValues(Pool.init) }
        allTextsByFinding = byFinding.mapValues(Pool.init)
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
            let study = pairable[rng.nextIndex(below: pairable.count)]
            let image = study.images[rng.nextIndex(below: study.images.count)]
            let text = study.texts[rng.nextIndex(below: study.texts.count)]
            imageDraw.append(image); textDraw.append(text)
            usedImages.insert(image); usedTexts.insert(text)
        }
        while imageDraw.count < size {
            var pool = images
            if !imageFindings.isEmpty, Self.chance(settings.findingBalanceShare, &rng) {
                pool = imagesByFinding[imageFindings[rng.nextIndex(below: imageFindings.count)]]!
            }
            imageDraw.append(pool.draw(replayShare: settings.replayShare, avoiding: &usedImages, rng: &rng))
        }
        // Texts: a guaranteed minimum per language, the rest in proportion to what is stored; a
        // share of each states a finding of one of the batch's unpaired images.
        let unpairedImages = Array(imageDraw[pairCount...])
        func drawText(from pool: Pool, byFinding: [Observation: Pool]) -> Int {
            var pool = pool
            if !unpairedImages.isEmpty, Self.chance(settings.labelMatchShare, &rng) {
                let findings = findingsOfImage[unpairedImages[rng.nextIndex(below: unpairedImages.count)]]
                if !findings.isEmpty, let stating = byFinding[findings[rng.nextIndex(below: findings.count)]] { pool = stating }
            }
            return pool.draw(replayShare: settings.replayShare, avoiding: &usedTexts, rng: &rng)
        }
        let free = size - pairCount
        let perLanguage = languages.isEmpty ? 0 : min(Int(settings.languageMinShare * Double(free)), free / languages.count)
        for (pool, byFinding) in zip(textsByLanguage, textsByFinding) {
            for _ in 0..<perLanguage { textDraw.append(drawText(from: pool, byFinding: byFinding)) }
        }
        while textDraw.count < size {
            textDraw.append(drawText(from: allTexts, byFinding: allTextsByFinding))
        }
        return SampledBatch(images: imageDraw, texts: textDraw, pairs: pairCount)
    }

    /// True with probability `p`; draws nothing when `p` is 0 or 1, so settings without
    /// finding-aware draws reproduce the plain sampler's batches.
    static func chance(_ p: Double, _ rng: inout TensorRNG) -> Bool {
        if p <= 0 { return false }
        if p >= 1 { return true }
        return Double(rng.nextUniform()) < p
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
                pick = half[rng.nextIndex(below: half.count)]
                if !used.contains(pick) { break }
            }
            used.insert(pick)
            return pick
        }
    }
}
