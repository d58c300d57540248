import Models
import Tensors

/// Image↔text retrieval Recall@K per language on the held-out evaluation split (DESIGN.md §4).
///
/// A text and an image are relevant to each other when they belong to the same study. For each
/// language L, using only the texts in L:
/// - image→text: each image with at least one relevant L-text is a query; it is a hit at K when a
///   relevant text is among the K best-scoring L-texts;
/// - text→image: each L-text with at least one relevant image is a query; it is a hit at K when a
///   relevant image is among the K best-scoring images (all images compete).
///
/// The same is measured at **report level** (``RetrievalResult/reports``): a study's sentences in
/// one language are one query, embedded as the normalised mean of their sentence embeddings.
/// Sentence queries are what the index answers, but most report sentences are normal statements
/// and negations ("No pneumothorax.") that no ranking can tie to one study; a report names its
/// study's findings together. Report recall is recorded and printed, not gated (about 20 reports
/// per language in a 5 % split move it in steps of 0.05, more than the gate's tolerance).
///
/// Ties count against the query: a relevant item is ranked below every irrelevant item with the
/// same score, so a collapsed model (all embeddings equal) scores no better than chance. All
/// scores come from one matrix product, `images × texts` (4 bytes per pair).
public struct RetrievalEvaluator: Sendable {
    /// The cut-offs K, ascending.
    public let ks: [Int]

    /// - Parameter ks: the cut-offs K to report (any order; each positive).
    public init(ks: [Int] = [1, 5, 10]) {
        precondition(!ks.isEmpty && ks.allSatisfy { $0 > 0 }, "RetrievalEvaluator: ks \(ks) must be positive")
        self.ks = ks.sorted()
    }

    /// Embeds `images` (grey squares at the encoder's input size) and `texts`, then measures
    /// recall per text language.
    public func evaluate(_ embedder: Embedder, images: [(studyKey: String, square: [Float])],
                         texts: [(studyKey: String, language: String, text: String)]) -> RetrievalResult {
        score(imageEmbeddings: embedder.embed(squares: images.map(\.square)), imageKeys: images.map(\.studyKey),
              textEmbeddings: embedder.embed(texts: texts.map(\.text)), textKeys: texts.map(\.studyKey),
              textLanguages: texts.map(\.language))
    }

    /// Recall from normalised embeddings (`[images, d]`, `[texts, d]`) and each row's study key
    /// and (for texts) language, for sentence queries and for report queries.
    func score(imageEmbeddings: Tensor, imageKeys: [String], textEmbeddings: Tensor, textKeys: [String],
               textLanguages: [String]) -> RetrievalResult {
        precondition(imageEmbeddings.rank == 2 && textEmbeddings.rank == 2 && imageEmbeddings.shape[1] == textEmbeddings.shape[1],
                     "RetrievalEvaluator: embeddings \(imageEmbeddings.shape) and \(textEmbeddings.shape) must be [n, d] and [m, d]")
        precondition(imageKeys.count == imageEmbeddings.shape[0] && textKeys.count == textEmbeddings.shape[0]
                     && textLanguages.count == textKeys.count,
                     "RetrievalEvaluator: \(imageKeys.count) image keys, \(textKeys.count) text keys and \(textLanguages.count) languages for \(imageEmbeddings.shape[0]) images and \(textEmbeddings.shape[0]) texts")
        let reports = Self.reports(textEmbeddings: textEmbeddings, textKeys: textKeys, textLanguages: textLanguages)
        return RetrievalResult(
            ks: ks, imageCount: imageKeys.count, textCount: textKeys.count,
            languages: recallByLanguage(imageEmbeddings: imageEmbeddings, imageKeys: imageKeys, textEmbeddings: textEmbeddings,
                                        textKeys: textKeys, textLanguages: textLanguages),
            reportCount: reports.keys.count,
            reports: recallByLanguage(imageEmbeddings: imageEmbeddings, imageKeys: imageKeys, textEmbeddings: reports.embeddings,
                                      textKeys: reports.keys, textLanguages: reports.languages))
    }

    /// One query per study and language: the normalised mean of that report's sentence
    /// embeddings (`[reports, d]`), in order of first appearance, with its study key and language.
    static func reports(textEmbeddings: Tensor, textKeys: [String], textLanguages: [String])
        -> (embeddings: Tensor, keys: [String], languages: [String]) {
        struct Report: Hashable { let key: String, language: String }
        var index: [Report: Int] = [:], order: [Report] = []
        let member = zip(textKeys, textLanguages).map { key, language in
            let report = Report(key: key, language: language)
            if let found = index[report] { return found }
            index[report] = order.count
            order.append(report)
            return order.count - 1
        }
        guard !order.isEmpty else { return (Tensor(shape: [0, textEmbeddings.shape[1]], values: []), [], []) }
        // Each report's sentence rows summed (the mean's direction; normalising drops the count).
        let sums = scatter(textEmbeddings, axis: 0, indices: member, size: order.count)
        return (l2Normalize(sums), order.map(\.key), order.map(\.language))
    }

    /// Recall@K in both directions for each language of the text side.
    private func recallByLanguage(imageEmbeddings: Tensor, imageKeys: [String], textEmbeddings: Tensor, textKeys: [String],
                                  textLanguages: [String]) -> [String: RetrievalResult.LanguageRecall] {
        let imageCount = imageKeys.count, textCount = textKeys.count
        // Study keys as small integers, so relevance is an integer comparison in the loops.
        var keyIDs: [String: Int] = [:]
        func keyID(_ key: String) -> Int {
            if let id = keyIDs[key] { return id }
            keyIDs[key] = keyIDs.count
            return keyIDs.count - 1
        }
        let imageKeyIDs = imageKeys.map(keyID), textKeyIDs = textKeys.map(keyID)
        var imagesByKey = [[Int]](repeating: [], count: keyIDs.count)
        for (image, key) in imageKeyIDs.enumerated() { imagesByKey[key].append(image) }

        // scores[i * textCount + j] = image i · text j.
        let scores = imageCount > 0 && textCount > 0 ? matmul(imageEmbeddings, textEmbeddings, transposeB: true).scalars : []
        var languages: [String: RetrievalResult.LanguageRecall] = [:]
        for language in Set(textLanguages).sorted() {
            let texts = textLanguages.indices.filter { textLanguages[$0] == language }
            var textsByKey = [[Int]](repeating: [], count: keyIDs.count)
            for text in texts { textsByKey[textKeyIDs[text]].append(text) }

            // Image → text over this language's texts.
            var imageHits = [Int](repeating: 0, count: ks.count), imageQueries = 0
            for image in 0..<imageCount {
                let key = imageKeyIDs[image], row = image * textCount
                let relevant = textsByKey[key]
                guard !relevant.isEmpty else { continue }
                imageQueries += 1
                let best = relevant.map { scores[row + $0] }.max()!
                var ahead = 0
                for text in texts where textKeyIDs[text] != key && scores[row + text] >= best { ahead += 1 }
                for (index, k) in ks.enumerated() where ahead < k { imageHits[index] += 1 }
            }

            // Text → image over all images.
            var textHits = [Int](repeating: 0, count: ks.count), textQueries = 0
            var chance = [Double](repeating: 0, count: ks.count)
            for text in texts {
                let key = textKeyIDs[text]
                let relevant = imagesByKey[key]
                guard !relevant.isEmpty else { continue }
                textQueries += 1
                let best = relevant.map { scores[$0 * textCount + text] }.max()!
                var ahead = 0
                for image in 0..<imageCount where imageKeyIDs[image] != key && scores[image * textCount + text] >= best { ahead += 1 }
                for (index, k) in ks.enumerated() {
                    if ahead < k { textHits[index] += 1 }
                    chance[index] += Self.chanceOfHit(relevant: relevant.count, candidates: imageCount, k: k)
                }
            }
            guard imageQueries > 0, textQueries > 0 else { continue }
            languages[language] = RetrievalResult.LanguageRecall(
                imageQueries: imageQueries, textQueries: textQueries,
                imageToText: imageHits.map { Double($0) / Double(imageQueries) },
                textToImage: textHits.map { Double($0) / Double(textQueries) },
                textToImageChance: chance.map { $0 / Double(textQueries) })
        }
        return languages
    }

    /// The probability that a random ranking of `candidates` items puts at least one of the
    /// `relevant` ones in the top `k`: 1 − C(n−r, k)/C(n, k) (= k/n for one relevant item).
    static func chanceOfHit(relevant: Int, candidates: Int, k: Int) -> Double {
        guard candidates - relevant >= k else { return 1 }
        var allMissed = 1.0
        for drawn in 0..<k { allMissed *= Double(candidates - relevant - drawn) / Double(candidates - drawn) }
        return 1 - allMissed
    }
}
