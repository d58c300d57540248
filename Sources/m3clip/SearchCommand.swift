import ArgumentParser
import Daemon
import Foundation
import Index
import Store

/// `m3clip search`: exact top-k over the current index (with its delta segments), by text (in any
/// language) or by image.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search the current index with a text (any language) or an image.",
        discussion: """
            The query is embedded by the index's model (Store/models/<model id>, or --model). \
            --modality image (default for a text query) returns images, text returns report sentences \
            and translations. Filters: --languages (texts), --label "Pleural Effusion=1" (1, 0, u, ., \
            several states like 1u; repeatable), --versions 12- (rows added from corpus version 12 on), --index ID.
            """)

    @OptionGroup var options: CommonOptions

    @Argument(help: "The query text.") var text: String?
    @Option(help: "Query image (PNG or JPEG) instead of text.") var image: String?
    @Option(help: "The query's language (FLORES-200; informational: XLM-R needs no tag).") var lang: String?
    @Option(help: "Results to return.") var k: Int = 10
    @Option(help: "image or text (default: image for a text query, text for an image query).") var modality: String?
    @Option(help: "Label condition, e.g. \"Pleural Effusion=1\" (repeatable).") var label: [String] = []
    @Option(help: "Only text rows in these languages (comma-separated).") var languages: String?
    @Option(help: "Only rows added in these corpus versions: FROM-TO or FROM- (e.g. 12-).") var versions: String?
    @Option(help: "Index id or tag (default: current).") var index: String = "current"
    @Option(help: "Checkpoint to embed the query with (default: the index's model).") var model: String?
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        guard (text == nil) != (image == nil) else { throw ValidationError("give a query text or --image, not both") }
        guard (1...10_000).contains(k) else { throw ValidationError("--k must be 1…10000") }
        if let modality, IndexRow.Modality(rawValue: modality) == nil { throw ValidationError("--modality takes image or text") }
        if let versions, Self.versionRange(versions) == nil { throw ValidationError("--versions takes FROM-TO or FROM-, e.g. 12-40") }
    }

    static func versionRange(_ text: String) -> ClosedRange<Int>? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let from = Int(parts[0]) else { return nil }
        let to = parts[1].isEmpty ? Int.max : Int(parts[1])
        guard let to, from <= to else { return nil }
        return from...to
    }

    func run() throws {
        let configuration = try options.loadConfiguration()
        let store = try options.openStore(configuration)
        try failing("search") {
            let content: SearchQuery.Content = if let text { .text(text) } else {
                .image(try Data(contentsOf: URL(fileURLWithPath: image!)))
            }
            let filter = RowFilter(languages: languages.map { Set($0.split(separator: ",").map(String.init)) },
                                   labels: try label.map { try LabelCondition(parsing: $0) },
                                   corpusVersions: versions.flatMap(Self.versionRange))
            let query = SearchQuery(content: content, k: k, modality: modality.flatMap(IndexRow.Modality.init(rawValue:)),
                                    filter: filter, index: index, model: model)
            let result = try QueryEngine(layout: store.layout, models: EmbeddingModels(layout: store.layout)).search(query)
            if json {
                try printJSON(SearchResponse(result))
                return
            }
            for (rank, match) in result.matches.enumerated() {
                let m = match.metadata
                let detail = m.text.map { " [\(m.language ?? "?")] \($0)" } ?? ""
                print(String(format: "%2d. %.4f  ", rank + 1, match.score) + "\(m.study)  \(m.part)\(detail)")
            }
        }
    }
}
