public import Foundation

/// The normalisers of a Hugging Face `tokenizer.json` that m3clip implements.
///
/// `Precompiled` (SentencePiece's compiled `nmt_nfkc` rules, what XLM-R's file declares) is
/// approximated by ``nmt`` followed by NFKC: both apply Unicode NFKC and the NMT whitespace and
/// control-character rules; the compiled map differs from plain NFKC only on rare characters
/// (see the Models documentation and `Tests/ModelsTests/UnigramTokenizerTests.swift`).
public indirect enum TextNormalizer: Sendable {
    case sequence([TextNormalizer])
    /// SentencePiece's NMT rules: drop C0 controls (except tab, LF, CR, FF), DEL, U+008F, U+009F;
    /// map tab, LF, FF, CR, U+1680, U+200B–U+200F, U+2028, U+2029, U+2581, U+FEFF, U+FFFD to a space.
    case nmt
    case nfc, nfd, nfkc, nfkd
    case lowercase
    /// Replaces every match of a literal string or a regular expression.
    case replaceLiteral(String, String)
    case replaceRegex(NSRegularExpression, String)
    case strip(left: Bool, right: Bool)
    case prepend(String)
    /// The approximation of a `Precompiled` charsmap (NMT rules, then NFKC).
    case precompiledApproximation

    public func callAsFunction(_ text: String) -> String {
        switch self {
        case .sequence(let steps): return steps.reduce(text) { $1($0) }
        case .nmt: return Self.applyNMT(text)
        case .nfc: return text.precomposedNFC
        case .nfd: return text.decomposedNFD
        case .nfkc: return text.precomposedNFKC
        case .nfkd: return text.decomposedNFKD
        case .lowercase: return text.lowercased()
        case .replaceLiteral(let pattern, let content): return text.replacingOccurrences(of: pattern, with: content)
        case .replaceRegex(let regex, let content):
            let range = NSRange(text.startIndex..., in: text)
            return regex.stringByReplacingMatches(in: text, range: range,
                                                  withTemplate: NSRegularExpression.escapedTemplate(for: content))
        case .strip(let left, let right):
            var scalars = Substring(text).unicodeScalars[...]
            if left { while let f = scalars.first, f.properties.isWhitespace { scalars.removeFirst() } }
            if right { while let l = scalars.last, l.properties.isWhitespace { scalars.removeLast() } }
            return String(String.UnicodeScalarView(scalars))
        case .prepend(let prefix): return text.isEmpty ? text : prefix + text
        case .precompiledApproximation: return Self.applyNMT(text).precomposedNFKC
        }
    }

    static func applyNMT(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            switch s.value {
            case 0x01...0x08, 0x0B, 0x0E...0x1F, 0x7F, 0x8F, 0x9F: continue
            case 0x09, 0x0A, 0x0C, 0x0D, 0x1680, 0x200B...0x200F, 0x2028, 0x2029, 0x2581, 0xFEFF, 0xFFFD: out.append(" ")
            default: out.append(s)
            }
        }
        return String(out)
    }

    /// Parses a `normalizer` object of `tokenizer.json`.
    static func parse(_ json: [String: Any]) throws(CheckpointError) -> TextNormalizer {
        let type = json["type"] as? String ?? ""
        switch type {
        case "Sequence":
            guard let list = json["normalizers"] as? [[String: Any]] else { throw CheckpointError("tokenizer.json: Sequence normalizer without a list") }
            var steps: [TextNormalizer] = []
            for item in list { steps.append(try parse(item)) }
            return .sequence(steps)
        case "Nmt": return .nmt
        case "NFC": return .nfc
        case "NFD": return .nfd
        case "NFKC": return .nfkc
        case "NFKD": return .nfkd
        case "Lowercase": return .lowercase
        case "Precompiled": return .precompiledApproximation
        case "Strip": return .strip(left: json["strip_left"] as? Bool ?? true, right: json["strip_right"] as? Bool ?? true)
        case "Prepend": return .prepend(json["prepend"] as? String ?? "")
        case "Replace":
            let content = json["content"] as? String ?? ""
            let pattern = json["pattern"] as? [String: Any] ?? [:]
            if let literal = pattern["String"] as? String { return .replaceLiteral(literal, content) }
            if let regex = pattern["Regex"] as? String {
                do { return .replaceRegex(try NSRegularExpression(pattern: regex), content) } catch {
                    throw CheckpointError("tokenizer.json: bad Replace pattern \(regex)")
                }
            }
            throw CheckpointError("tokenizer.json: Replace normalizer without a pattern")
        default:
            throw CheckpointError("tokenizer.json: normalizer type \"\(type)\" is not supported")
        }
    }
}
