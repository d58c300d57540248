public import Tensors

/// How a text encoder's token states become one vector per text.
public enum TextPooling: String, Codable, Sendable, CaseIterable {
    /// MedCLIP's pooling: the mean over tokens of hidden states 1, 2 and the last (HF
    /// `hidden_states[1]`, `[2]`, `[-1]`: the first two layers' outputs and the final one),
    /// averaged. Unlike MedCLIP, padding is masked out of the token mean, so a text's vector does
    /// not depend on what it was batched with.
    case medclip
    /// The first token's (`<s>`) final hidden state.
    case cls

    /// Pools an encoder output into `[batch, hidden]`.
    public func callAsFunction(_ output: TextEncoderOutput) -> Tensor {
        let states = output.hiddenStates
        switch self {
        case .cls:
            let h = output.lastHiddenState
            return h.slice(axis: 1, 0..<1).reshaped([h.shape[0], h.shape[2]])
        case .medclip:
            let n = states.count
            let picked = [states[min(1, n - 1)], states[min(2, n - 1)], states[n - 1]]
            let (b, l) = (output.mask.shape[0], output.mask.shape[1])
            let m = output.mask.reshaped([b, l, 1])
            let counts = sum(output.mask, axes: [1], keepDims: true) // [b, 1]
            let means = picked.map { sum($0 * m, axes: [1]) / counts }
            return (means[0] + means[1] + means[2]) * (1 / Float(3))
        }
    }
}
