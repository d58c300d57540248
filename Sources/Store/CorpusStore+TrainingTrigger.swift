import GRDB

extension CorpusStore {
    /// Labeled items (live images of studies with a labeled report, and live labeled sentences)
    /// added after corpus version `version`: what the daemon's training trigger counts.
    public func labeledItemCount(addedAfter version: Int) throws -> Int {
        try reader.read { db in
            let images = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM image i WHERE i.addedVersion > ? AND i.removedVersion IS NULL
                  AND EXISTS (SELECT 1 FROM report r JOIN reportLabel l ON l.reportId = r.id
                              WHERE r.studyId = i.studyId AND r.removedVersion IS NULL AND l.removedVersion IS NULL)
                """, arguments: [version]) ?? 0
            let sentences = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM sentence s WHERE s.addedVersion > ? AND s.removedVersion IS NULL
                  AND s.states <> '..............'
                """, arguments: [version]) ?? 0
            return images + sentences
        }
    }
}
