import Foundation
import GRDB
import Translation

extension CorpusStore {
    /// The live sentences of a report with their labels and every stored translation of each
    /// (from the report's language, matched as the memory matches: normalised text), in order.
    public func sentenceViews(reportID: Int64) throws -> [SentenceView] {
        try reader.read { db in
            guard let language = try String.fetchOne(db, sql: "SELECT language FROM report WHERE id = ?", arguments: [reportID]) else {
                return []
            }
            let rows = try Row.fetchAll(db, sql: "SELECT text, states, labelerVersion FROM sentence WHERE reportId = ? AND removedVersion IS NULL ORDER BY position",
                                        arguments: [reportID])
            return try rows.map { row in
                let text: String = row["text"]
                let translations = try Row.fetchAll(db, sql: """
                    SELECT targetLanguage, output, engine, kept, reasons FROM translation
                    WHERE sourceKey = ? AND sourceLanguage = ? ORDER BY targetLanguage, engine
                    """, arguments: [MemoryKey.normalise(text), language]).map { t in
                    SentenceView.Translation(language: t["targetLanguage"], text: t["output"], engine: t["engine"], kept: t["kept"],
                                             reasons: (t["reasons"] as String).split(separator: ",").map(String.init))
                }
                let labeled = row["labelerVersion"] as String != Self.unlabeled
                return SentenceView(text: text, labels: labeled ? row["states"] : nil, translations: translations)
            }
        }
    }
}
