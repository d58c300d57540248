public import Tensors

/// The contrastive objectives m3clip trains with, as pure functions of tensors (in the manner of
/// open_clip's loss module): they depend on nothing but ``Tensors``, take the batch's normalised
/// embeddings, the logit scale and (for semantic matching) the label vectors, and return a scalar
/// loss that is differentiable wherever its inputs are tracked on a `Tape`.

/// MedCLIP's semantic-matching loss (DESIGN.md §4), as 3M-CLIP uses it.
///
/// - `image`: `[n, d]` L2-normalised image embeddings; `text`: `[m, d]` L2-normalised text
///   embeddings. Images and texts need not be paired: that is MedCLIP's decoupling.
/// - `scale`: the logit scale actually applied, `exp(clamp(logit_scale))`, shape `[1]`.
/// - `imageLabels`: `[n, k]`, `textLabels`: `[m, k]` label vectors (constants).
/// - `labelTemperature`: the label similarities are divided by it before the softmax
///   (1 = MedCLIP's plain softmax).
///
/// With S = cos(Lᵥ, Lₜ) (row-normalised label vectors, so S ∈ [−1, 1]), soft targets
/// T = softmax_row(S / τ) and T' = softmax_row(Sᵀ / τ), and logits Z = scale · v̂·t̂ᵀ:
/// loss = ½ (CE(T, Z) + CE(T', Zᵀ)), each cross-entropy the mean over rows of −Σ T·log softmax(Z).
public func semanticMatchingLoss(image: Tensor, text: Tensor, scale: Tensor, imageLabels: Tensor, textLabels: Tensor,
                                 labelTemperature: Float = 1) -> Tensor {
    precondition(image.rank == 2 && text.rank == 2 && image.shape[1] == text.shape[1],
                 "semanticMatchingLoss: image \(image.shape) and text \(text.shape) must be [n, d] and [m, d]")
    precondition(imageLabels.shape.first == image.shape[0] && textLabels.shape.first == text.shape[0],
                 "semanticMatchingLoss: labels \(imageLabels.shape) / \(textLabels.shape) do not match embeddings \(image.shape) / \(text.shape)")
    let targets = SoftLabelTargets(imageLabels: imageLabels, textLabels: textLabels, temperature: labelTemperature)
    let perImage = scale * matmul(image, text, transposeB: true)
    let perText = scale * matmul(text, image, transposeB: true)
    return (crossEntropy(perImage, targets: targets.imageToText) + crossEntropy(perText, targets: targets.textToImage)) * 0.5
}

/// CLIP's InfoNCE: image i and text i are the positive pair, every other text (image) in the batch
/// a negative; loss = ½ (CE(I, Z) + CE(I, Zᵀ)). The comparison objective for
/// ``semanticMatchingLoss(image:text:scale:imageLabels:textLabels:labelTemperature:)``.
public func infoNCELoss(image: Tensor, text: Tensor, scale: Tensor) -> Tensor {
    precondition(image.rank == 2 && image.shape == text.shape,
                 "infoNCELoss: image \(image.shape) and text \(text.shape) must both be [n, d] (true pairs)")
    let n = image.shape[0]
    var ones = [Float](repeating: 0, count: n * n)
    for i in 0..<n { ones[i * n + i] = 1 }
    let identity = Tensor(shape: [n, n], values: ones)
    let perImage = scale * matmul(image, text, transposeB: true)
    let perText = scale * matmul(text, image, transposeB: true)
    return (crossEntropy(perImage, targets: identity) + crossEntropy(perText, targets: identity)) * 0.5
}

/// The semantic-matching loss's soft targets: row-softmax of the label cosine similarities
/// (image→text) and of their transpose (text→image). Constants: nothing is recorded.
public struct SoftLabelTargets {
    /// `[n, m]`: row i is the distribution over texts that image i should match.
    public let imageToText: Tensor
    /// `[m, n]`: row j is the distribution over images that text j should match.
    public let textToImage: Tensor
    /// `[n, m]`: the label cosine similarities S themselves.
    public let similarity: Tensor

    public init(imageLabels: Tensor, textLabels: Tensor, temperature: Float = 1) {
        precondition(imageLabels.rank == 2 && textLabels.rank == 2 && imageLabels.shape[1] == textLabels.shape[1],
                     "SoftLabelTargets: labels \(imageLabels.shape) and \(textLabels.shape) must be [n, k] and [m, k]")
        precondition(temperature > 0, "SoftLabelTargets: temperature must be positive")
        let lv = l2Normalize(imageLabels.detached), lt = l2Normalize(textLabels.detached)
        similarity = matmul(lv, lt, transposeB: true)
        let inverse = 1 / temperature
        imageToText = softmax(similarity * inverse)
        textToImage = softmax(matmul(lt, lv, transposeB: true) * inverse)
    }
}
