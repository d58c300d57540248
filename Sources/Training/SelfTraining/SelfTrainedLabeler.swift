import Models
public import Radiology
import Foundation
import Tensors

/// U-SelfTrained: the phase-1 model (trained with those uncertain labels ignored) predicts the
/// probability that each uncertain finding is present, and phase 2 trains on it.
///
/// **Choice: zero-shot prompt logits.** For an observation, the model embeds a few "present"
/// and "absent" prompts; an item's probability is the two-way softmax of
/// `scale · e·mean(present)` against `scale · e·mean(absent)`, where `e` is the item's own
/// embedding (image embedding for an image, text embedding for a sentence). This needs no extra
/// labels and no extra parameters, works for any observation the prompts cover, and uses exactly
/// what the contrastive model has learnt; a logistic probe on the embeddings would need enough
/// certain examples of every observation in the corpus, which a small or young store lacks.
public struct SelfTrainedLabeler {
    /// Present / absent prompts for an observation (English is enough: the text tower is multilingual).
    public let prompts: (Observation) -> (present: [String], absent: [String])

    public init(prompts: @escaping (Observation) -> (present: [String], absent: [String])) {
        self.prompts = prompts
    }

    /// One uncertain label waiting for its probability.
    public struct Pending: Sendable, Equatable {
        public let itemID: String
        public let observation: Observation
        /// Index into the corpus's images or texts.
        public let index: Int
        public let isImage: Bool
    }

    /// The probabilities of `pending`, in order.
    public func probabilities(for pending: [Pending], corpus: TrainingCorpus, embedder: Embedder) -> [Float] {
        guard !pending.isEmpty else { return [] }
        var out = [Float](repeating: 0.5, count: pending.count)
        let scale = embedder.model.scale().item
        let byObservation = Dictionary(grouping: pending.indices, by: { pending[$0].observation })
        for (observation, positions) in byObservation.sorted(by: { $0.key < $1.key }) {
            let (present, absent) = prompts(observation)
            guard !present.isEmpty, !absent.isEmpty else { continue }
            let centroids = [embedder.embed(texts: present), embedder.embed(texts: absent)].map { mean($0, axes: [0], keepDims: true) }
            let prompt = concat(centroids, axis: 0) // [2, d]
            let imagePositions = positions.filter { pending[$0].isImage }
            let textPositions = positions.filter { !pending[$0].isImage }
            let imageEmbeddings = embedder.embed(squares: imagePositions.map { corpus.images[pending[$0].index].pixels })
            let textEmbeddings = embedder.embed(texts: textPositions.map { corpus.texts[pending[$0].index].text })
            for (embeddings, rows) in [(imageEmbeddings, imagePositions), (textEmbeddings, textPositions)] where !rows.isEmpty {
                let logits = matmul(embeddings, prompt, transposeB: true).scalars // [rows, 2]
                for (r, position) in rows.enumerated() {
                    let margin = scale * (logits[2 * r] - logits[2 * r + 1])
                    out[position] = Float(1 / (1 + Foundation.exp(Double(-margin))))
                }
            }
        }
        return out
    }
}
