import Foundation
import GRDB
import Radiology
import Translation

extension CorpusStore {
    /// The corpus as of `version` (default: the newest) as a training run loads it.
    ///
    /// - Images: every image live as of the version in a live study, with the label code of the
    ///   study's live labeled report(s) as of the version (several merged with CheXpert
    ///   aggregation); nil for a study without one, and then `awaitingLabels` says whether the
    ///   study has a live report whose labels are still to come.
    /// - Texts: every live sentence in its report's language with its own labels; a sentence not
    ///   labeled yet (a report in another language before its English pivot: labeler version
    ///   ``unlabeled``) comes with `labeled` false. Then, for every live English sentence, each
    ///   kept translation from English whose source is that sentence (normalised as
    ///   ``MemoryKey/normalise(_:)`` does), in its target language, with the English sentence's
    ///   labels, study and added version. Identical (study, language, text) texts appear once:
    ///   the first (sentences before translations, lower ids first), unless a later one is
    ///   labeled and the first is not.
    ///
    /// Translations are not versioned (the memory has no corpus version): "as of" applies to the
    /// sentences they translate, so an older version's rows can include translations made later.
    /// A fixed handful of queries in one read transaction (one snapshot), whatever the corpus size
    /// (100,000 sentences with 400,000 translations: about 2.5 s in a debug build).
    public func trainingRows(asOf version: Int? = nil) throws -> TrainingRows {
        try reader.read { db in
            let version = try version ?? (Int.fetchOne(db, sql: "SELECT MAX(id) FROM corpusVersion") ?? 0)
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM collectedVersion WHERE id = ?)", arguments: [version]) == true {
                throw StoreError("corpus version \(version) was garbage-collected: its removed rows are gone (tag versions to keep them)")
            }
            let arguments: StatementArguments = ["version": version]
            let (labelsByStudy, studiesWithReports) = try Self.studyLabels(db, arguments: arguments)

            var images: [TrainingImageRow] = []
            let imageRows = try Row.fetchCursor(db, sql: """
                SELECT i.id, s.key, i.sha256, i.width, i.height, i.addedVersion, i.studyId FROM image i
                JOIN study s ON s.id = i.studyId
                WHERE \(Self.liveAsOf("i")) AND \(Self.liveAsOf("s"))
                ORDER BY i.id
                """, arguments: arguments)
            while let row = try imageRows.next() {
                let studyID: Int64 = row[6]
                let labels = labelsByStudy[studyID]
                images.append(TrainingImageRow(imageId: row[0], studyKey: row[1], sha256: row[2], width: row[3], height: row[4],
                                               addedVersion: row[5], reportStates: labels.map(LabelStatesCode.encode),
                                               awaitingLabels: labels == nil && studiesWithReports.contains(studyID)))
            }

            var texts = TextCollector()
            // Live English sentences by normalised text, for the translation join.
            var english: [(id: Int64, studyKey: String, states: String, addedVersion: Int, labeled: Bool)] = []
            var englishByKey: [String: [Int]] = [:]
            let sentenceRows = try Row.fetchCursor(db, sql: """
                SELECT se.id, se.text, se.states, se.labelerVersion, se.addedVersion, r.language, s.key FROM sentence se
                JOIN report r ON r.id = se.reportId JOIN study s ON s.id = r.studyId
                WHERE \(Self.liveAsOf("se")) AND \(Self.liveAsOf("r")) AND \(Self.liveAsOf("s"))
                ORDER BY se.id
                """, arguments: arguments)
            let englishCode = LanguageCode.english.rawValue
            while let row = try sentenceRows.next() {
                let id: Int64 = row[0]
                let text: String = row[1], states: String = row[2], addedVersion: Int = row[4]
                let language: String = row[5], studyKey: String = row[6]
                let labeled = row[3] as String != Self.unlabeled
                if language == englishCode {
                    englishByKey[MemoryKey.normalise(text), default: []].append(english.count)
                    english.append((id, studyKey, states, addedVersion, labeled))
                }
                texts.add(TrainingTextRow(id: "sentence:\(id)", studyKey: studyKey, language: language, text: text, states: states,
                                          origin: .sentence, addedVersion: addedVersion, labeled: labeled))
            }

            // Kept translations from English of those sentences, in sentence order (a counting
            // sort by sentence; the query's order, language then id, within one sentence).
            var matches: [(sentence: Int, id: Int64, language: String, output: String)] = []
            if !englishByKey.isEmpty {
                let translationRows = try Row.fetchCursor(db, sql: """
                    SELECT id, sourceKey, targetLanguage, output FROM translation
                    WHERE kept = 1 AND sourceLanguage = ? ORDER BY targetLanguage, id
                    """, arguments: [englishCode])
                while let row = try translationRows.next() {
                    guard let sentences = englishByKey[row[1] as String] else { continue }
                    let id: Int64 = row[0], language: String = row[2], output: String = row[3]
                    for sentence in sentences { matches.append((sentence, id, language, output)) }
                }
            }
            var starts = [Int](repeating: 0, count: english.count + 1)
            for match in matches { starts[match.sentence + 1] += 1 }
            for index in english.indices { starts[index + 1] += starts[index] }
            var order = [Int](repeating: 0, count: matches.count)
            for (position, match) in matches.enumerated() {
                order[starts[match.sentence]] = position
                starts[match.sentence] += 1
            }
            for position in order {
                let match = matches[position], source = english[match.sentence]
                texts.add(TrainingTextRow(id: "translation:\(match.id)", studyKey: source.studyKey, language: match.language,
                                          text: match.output, states: source.states, origin: .translation,
                                          addedVersion: source.addedVersion, labeled: source.labeled, sourceSentenceID: source.id))
            }
            return TrainingRows(version: version, images: images, texts: texts.rows)
        }
    }

    /// The merged labels of each study's live labeled reports, and the studies with a live report.
    private static func studyLabels(_ db: Database, arguments: StatementArguments)
        throws -> (labels: [Int64: ObservationLabels], withReports: Set<Int64>) {
        var labelsByStudy: [Int64: ObservationLabels] = [:]
        let labelRows = try Row.fetchCursor(db, sql: """
            SELECT r.studyId, l.states FROM reportLabel l
            JOIN report r ON r.id = l.reportId JOIN study s ON s.id = r.studyId
            WHERE \(liveAsOf("l")) AND \(liveAsOf("r")) AND \(liveAsOf("s"))
            ORDER BY r.id, l.id
            """, arguments: arguments)
        while let row = try labelRows.next() {
            let states: String = row[1]
            guard let labels = LabelStatesCode.decode(states) else {
                throw StoreError("a report label of study \(row[0] as Int64) has the malformed states '\(states)'")
            }
            labelsByStudy[row[0], default: ObservationLabels()].merge(labels)
        }
        let withReports = try Set(Int64.fetchAll(db, sql: "SELECT DISTINCT r.studyId FROM report r WHERE \(liveAsOf("r"))",
                                                 arguments: arguments))
        return (labelsByStudy, withReports)
    }
}

/// Training texts with identical (study, language, text) collapsed: the first stays, unless a later
/// one is labeled and it is not.
private struct TextCollector {
    private struct Identity: Hashable {
        let studyKey: String
        let language: String
        let text: String
    }

    private(set) var rows: [TrainingTextRow] = []
    private var positions: [Identity: Int] = [:]

    mutating func add(_ row: TrainingTextRow) {
        let identity = Identity(studyKey: row.studyKey, language: row.language, text: row.text)
        if let position = positions[identity] {
            if row.labeled && !rows[position].labeled { rows[position] = row }
            return
        }
        positions[identity] = rows.count
        rows.append(row)
    }
}
