import Foundation
import Index

/// The body of `POST /v1/search`:
///
/// ```json
/// {"text": "Pleuraerguss rechts", "lang": "deu_Latn", "k": 10, "modality": "image",
///  "languages": ["deu_Latn"], "labels": ["Pleural Effusion=1"], "corpus_versions": [12, 40], "index": "current"}
/// ```
///
/// `text` or `image` (base64 PNG or JPEG), not both; everything else optional (`corpus_versions`
/// `[from]` or `[from, to]`: rows added in those corpus versions; `k` 10,
/// `modality` image for a text query and text for an image query, `index` current). `lang` is
/// informational (XLM-R needs no language tag).
struct SearchRequest: Decodable {
    var text: String?
    var image: String?
    var lang: String?
    var k: Int?
    var modality: String?
    var languages: [String]?
    var labels: [String]?
    var corpusVersions: [Int]?
    var index: String?
    var withContext: Bool?

    enum CodingKeys: String, CodingKey {
        case text, image, lang, k, modality, languages, labels, index
        case corpusVersions = "corpus_versions"
        case withContext = "with_context"
    }

    struct Invalid: Error { let message: String }

    /// The query, or why the request is not one.
    func query(maxK: Int) throws(Invalid) -> SearchQuery {
        let content: SearchQuery.Content
        switch (text, image) {
        case (let text?, nil):
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw Invalid(message: "text is empty") }
            content = .text(text)
        case (nil, let image?):
            guard let data = Data(base64Encoded: image, options: .ignoreUnknownCharacters), !data.isEmpty else {
                throw Invalid(message: "image is not base64 (of a PNG or JPEG)")
            }
            content = .image(data)
        default:
            throw Invalid(message: "give \"text\" or \"image\" (base64), not both")
        }
        let k = k ?? 10
        guard (1...maxK).contains(k) else { throw Invalid(message: "k must be 1…\(maxK) (api.max_k)") }
        var target: IndexRow.Modality?
        if let modality {
            guard let parsed = IndexRow.Modality(rawValue: modality) else { throw Invalid(message: "modality must be image or text") }
            target = parsed
        }
        let conditions: [LabelCondition]
        do { conditions = try (labels ?? []).map { try LabelCondition(parsing: $0) } } catch {
            throw Invalid(message: "\(error)")
        }
        var versions: ClosedRange<Int>?
        if let corpusVersions {
            guard (1...2).contains(corpusVersions.count), corpusVersions[0] <= corpusVersions.last! else {
                throw Invalid(message: "corpus_versions is [from] or [from, to] with from ≤ to")
            }
            versions = corpusVersions[0]...(corpusVersions.count == 2 ? corpusVersions[1] : Int.max)
        }
        var query = SearchQuery(content: content, k: k, modality: target,
                                filter: RowFilter(languages: languages.map(Set.init), labels: conditions, corpusVersions: versions),
                                index: index ?? IndexDirectory.currentName)
        query.withContext = withContext ?? false
        query.language = lang.flatMap { $0.isEmpty ? nil : $0 }
        return query
    }
}
