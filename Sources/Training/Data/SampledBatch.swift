/// One batch's draw: indices into ``TrainingCorpus/images`` and ``TrainingCorpus/texts``. The
/// first ``pairs`` images and texts are true pairs (same study), in order.
public struct SampledBatch: Sendable, Equatable {
    public var images: [Int]
    public var texts: [Int]
    public var pairs: Int
}
