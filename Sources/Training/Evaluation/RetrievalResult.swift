import Foundation

/// What ``RetrievalEvaluator`` measured: Recall@K in both directions, per text language.
public struct RetrievalResult: Codable, Sendable, Equatable {
    /// One language's recalls; every array is aligned with ``RetrievalResult/ks``.
    public struct LanguageRecall: Codable, Sendable, Equatable {
        /// Images with at least one relevant text in this language (the image→text queries).
        public let imageQueries: Int
        /// Texts in this language with at least one relevant image (the text→image queries).
        public let textQueries: Int
        /// Image→text Recall@K.
        public let imageToText: [Double]
        /// Text→image Recall@K.
        public let textToImage: [Double]
        /// Text→image Recall@K of a random ranking, averaged over the same queries.
        public let textToImageChance: [Double]
    }

    /// The cut-offs K, ascending.
    public let ks: [Int]
    /// Images in the evaluation set.
    public let imageCount: Int
    /// Texts in the evaluation set (all languages).
    public let textCount: Int
    /// Per language code; a language with no query (no text shares a study with an image) is
    /// left out.
    public let languages: [String: LanguageRecall]
    /// Reports in the evaluation set: a study's sentences in one language (all languages).
    public let reportCount: Int
    /// The same per language with report queries (a report's mean sentence embedding) in place
    /// of sentences; recorded, not gated.
    public let reports: [String: LanguageRecall]

    /// Flat metric names: `retrieval.i2t.R@K.<language>`, `retrieval.t2i.R@K.<language>`,
    /// `retrieval.t2i.chance@K.<language>`, and the query counts `retrieval.i2t.queries.<language>`
    /// and `retrieval.t2i.queries.<language>`; the report-level ones as `retrieval.report.i2t.R@K.<language>` …
    public var metrics: [String: Double] {
        var metrics: [String: Double] = [:]
        for (prefix, table) in [("retrieval", languages), ("retrieval.report", reports)] {
            for (language, recall) in table {
                for (index, k) in ks.enumerated() {
                    metrics["\(prefix).i2t.R@\(k).\(language)"] = recall.imageToText[index]
                    metrics["\(prefix).t2i.R@\(k).\(language)"] = recall.textToImage[index]
                    metrics["\(prefix).t2i.chance@\(k).\(language)"] = recall.textToImageChance[index]
                }
                metrics["\(prefix).i2t.queries.\(language)"] = Double(recall.imageQueries)
                metrics["\(prefix).t2i.queries.\(language)"] = Double(recall.textQueries)
            }
        }
        return metrics
    }

    /// Plain-text tables for terminals, sentence queries then report queries: one row per
    /// language with both directions' recalls and the text→image chance level.
    public var formattedTable: String {
        [Self.table(languages, ks: ks, title: "Retrieval: \(imageCount) images, \(textCount) sentences"),
         Self.table(reports, ks: ks, title: "Retrieval by report (mean sentence embedding): \(imageCount) images, \(reportCount) reports")]
            .joined(separator: "\n")
    }

    private static func table(_ languages: [String: LanguageRecall], ks: [Int], title: String) -> String {
        var header = ["language", "i2t q", "t2i q"]
        header += ks.map { "i2t R@\($0)" } + ks.map { "t2i R@\($0)" } + ks.map { "chance@\($0)" }
        var rows = [header]
        for language in languages.keys.sorted() {
            let recall = languages[language]!
            rows.append([language, String(recall.imageQueries), String(recall.textQueries)]
                        + (recall.imageToText + recall.textToImage + recall.textToImageChance).map { String(format: "%.4f", $0) })
        }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max()! }
        let lines = rows.map { row in
            zip(row, widths).enumerated().map { column, cell in
                let padding = String(repeating: " ", count: cell.1 - cell.0.count)
                return column == 0 ? cell.0 + padding : padding + cell.0
            }.joined(separator: "  ")
        }
        return ([title] + lines).joined(separator: "\n")
    }
}
