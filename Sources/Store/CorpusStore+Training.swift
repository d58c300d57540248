import Foundation
import GRDB
import Radiology
import Translation

extension CorpusStore {
    /// The corpus as of `version` (default: the newest) as a training run loads it.
    ///
    /// - Images: every image live as of the version in a live study, with the label code of the
    ///   study's live labeled report(s) as of the version (several merged with CheXpert
    ///   aggregation), nil for a study without one.
    /// - Texts: every live sentence in its report's language with its own labels, except the
    ///   sentences of non-English reports that are not labeled yet (labeler version
    ///   ``unlabeled``: their English pivot has not labeled them); then, for every live English
    ///   sentence, each kept translation from English whose source is that sentence (normalised as
    ///   ``MemoryKey/normalise(_:)`` does), in its target language, with the English sentence's
    ///   labels, study and added version. Identical (study, language, text) texts appear once
    ///   (the first: sentences before translations, lower ids first).
    ///
    /// Translations are not versioned (the memory has no corpus version): "as of" applies to the
    /// sentences they translate, so an older version's rows can include translations made later.
    /// Four queries in one read transaction (one snapshot), whatever the corpus size.
    public func trainingRows(asOf version: Int? = nil) throws -> TrainingRows {
        try reader.read { db in
            let version = try version ?? (Int.fetchOne(db, sql: "SELECT MAX(id) FROM corpusVersion") ?? 0)
            let arguments: StatementArguments = ["version": version]

            // Report labels per study, merged.
            var labelsByStudy: [Int64: ObservationLabels] = [:]
            let labelRows = try Row.fetchCursor(db, sql: """
                SELECT r.studyId, l.states FROM reportLabel l
                JOIN report r ON r.id = l.reportId JOIN study s ON s.id = r.studyId
                WHERE \(Self.liveAsOf("l")) AND \(Self.liveAsOf("r")) AND \(Self.liveAsOf("s"))
                ORDER BY r.id, l.id
                """, arguments: arguments)
            while let row = try labelRows.next() {
                let states: String = row[1]
                guard let labels = LabelStatesCode.decode(states) else {
                    throw StoreError("a report label of study \(row[0] as Int64) has the malformed states '\(states)'")
                }
                labelsByStudy[row[0], default: ObservationLabels()].merge(labels)
            }

            var images: [TrainingImageRow] = []
            let imageRows = try Row.fetchCursor(db, sql: """
                SELECT i.id, s.key, i.sha256, i.width, i.height, i.addedVersion, i.studyId FROM image i
                JOIN study s ON s.id = i.studyId
                WHERE \(Self.liveAsOf("i")) AND \(Self.liveAsOf("s"))
                ORDER BY i.id
                """, arguments: arguments)
            while let row = try imageRows.next() {
                let studyID: Int64 = row[6]
                images.append(TrainingImageRow(imageId: row[0], studyKey: row[1], sha256: row[2], width: row[3], height: row[4],
                                               addedVersion: row[5],
                                               reportStates: labelsByStudy[studyID].map(LabelStatesCode.encode)))
            }

            var texts: [TrainingTextRow] = []
            var seen = Set<TextIdentity>()
            // Live English sentences by normalised text, for the translation join.
            var english: [(studyKey: String, states: String, addedVersion: Int)] = []
            var englishByKey: [String: [Int]] = [:]
            let sentenceRows = try Row.fetchCursor(db, sql: """
                SELECT se.id, se.text, se.states, se.labelerVersion, se.addedVersion, r.language, s.key FROM sentence se
                JOIN report r ON r.id = se.reportId JOIN study s ON s.id = r.studyId
                WHERE \(Self.liveAsOf("se")) AND \(Self.liveAsOf("r")) AND \(Self.liveAsOf("s"))
                ORDER BY se.id
                """, arguments: arguments)
            let englishCode = LanguageCode.english.rawValue
            while let row = try sentenceRows.next() {
                let language: String = row[5]
                let isEnglish = language == englishCode
                if !isEnglish, row[3] as String == Self.unlabeled { continue }
                let id: Int64 = row[0]
                let text: String = row[1], states: String = row[2], addedVersion: Int = row[4], studyKey: String = row[6]
                if isEnglish {
                    englishByKey[MemoryKey.normalise(text), default: []].append(english.count)
                    english.append((studyKey, states, addedVersion))
                }
                guard seen.insert(TextIdentity(studyKey: studyKey, language: language, text: text)).inserted else { continue }
                texts.append(TrainingTextRow(id: "sentence:\(id)", studyKey: studyKey, language: language, text: text, states: states,
                                             origin: .sentence, addedVersion: addedVersion))
            }

            // Kept translations from English of those sentences, in sentence order.
            var matches: [(sentence: Int, language: String, id: Int64, output: String)] = []
            if !englishByKey.isEmpty {
                let translationRows = try Row.fetchCursor(db, sql: """
                    SELECT id, sourceKey, targetLanguage, output FROM translation
                    WHERE kept = 1 AND sourceLanguage = ? ORDER BY id
                    """, arguments: [englishCode])
                while let row = try translationRows.next() {
                    guard let sentences = englishByKey[row[1] as String] else { continue }
                    let id: Int64 = row[0], language: String = row[2], output: String = row[3]
                    for sentence in sentences { matches.append((sentence, language, id, output)) }
                }
            }
            matches.sort { ($0.sentence, $0.language, $0.id) < ($1.sentence, $1.language, $1.id) }
            for match in matches {
                let source = english[match.sentence]
                guard seen.insert(TextIdentity(studyKey: source.studyKey, language: match.language, text: match.output)).inserted else {
                    continue
                }
                texts.append(TrainingTextRow(id: "translation:\(match.id)", studyKey: source.studyKey, language: match.language,
                                             text: match.output, states: source.states, origin: .translation,
                                             addedVersion: source.addedVersion))
            }
            return TrainingRows(version: version, images: images, texts: texts)
        }
    }
}

/// What makes two training texts the same text.
private struct TextIdentity: Hashable {
    let studyKey: String
    let language: String
    let text: String
}
