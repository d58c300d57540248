public import Foundation

extension IndexWriter {
    /// Publishes `index` with its deltas merged: a new index folder holding every live row (base
    /// rows first, then each delta's, masked rows left out) with the embeddings copied, not
    /// recomputed, under the same model; its corpus version is the newest delta's. `current` is
    /// not switched.
    @discardableResult
    public func merge(_ index: LiveIndex, id: String? = nil, createdAt: Date = Date()) throws(IndexError) -> IndexManifest {
        var sections: [IndexRow.Modality: Section] = [:]
        let dimension = index.manifest.dimension
        for modality in IndexRow.Modality.allCases {
            var rows: [IndexRow] = []
            var embeddings: [Float] = []
            var start = 0
            let live = Set(index.liveRows(modality).map(\.row))
            for segment in index.segments {
                let matrix = segment.matrix(modality)
                for (offset, row) in segment.rows(modality).enumerated() where live.contains(start + offset) {
                    rows.append(row)
                    embeddings.append(contentsOf: matrix.row(offset))
                }
                start += segment.rows(modality).count
            }
            sections[modality] = Section(rows: rows, embeddings: embeddings)
        }
        return try write(id: id, model: Model(id: index.manifest.modelID, sha256: index.manifest.modelSHA256),
                         corpusVersion: index.corpusVersion, dimension: dimension,
                         images: sections[.image]!, texts: sections[.text]!, createdAt: createdAt)
    }
}
