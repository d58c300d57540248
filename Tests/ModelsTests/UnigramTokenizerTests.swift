import Foundation
import Models
import Testing

/// Token ids against Hugging Face `tokenizers` for a Unigram `tokenizer.json` trained locally on
/// the 21-language corpus of `Workers/encoders-reference/corpus.py` (224 sentences: 210 in 21
/// languages, 60 % of them held out of training, plus normalisation edge cases).
@Suite struct UnigramTokenizerTests {
    static let tokenizer = try! HuggingFaceTokenizer(contentsOf: Fixtures.url("hf_xlmr/tokenizer.json"))
    static let cases = (Fixtures.json("unigram_cases.json")["cases"] as! [[String: Any]])
        .map { ($0["text"] as! String, ($0["ids"] as! [Int]).map(Int32.init)) }

    @Test func idsMatchHuggingFaceOnEverySentence() {
        #expect(Self.cases.count >= 220)
        var mismatches: [String] = []
        for (text, ids) in Self.cases {
            let ours = Self.tokenizer.encode(text, maxLength: 10_000)
            if ours != ids { mismatches.append("\(text.debugDescription): \(ours) vs \(ids)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches: \(mismatches.prefix(5).joined(separator: "\n"))")
    }

    @Test func pipelinePieces() {
        let t = Self.tokenizer
        #expect(t.prefix == [0] && t.suffix == [2] && t.padID == 1)
        #expect(t.encode("", maxLength: 8) == [0, 2])
        // Truncation keeps the closing special.
        let long = t.encode("Mild cardiomegaly with pulmonary vascular congestion.", maxLength: 5)
        #expect(long.count == 5 && long.first == 0 && long.last == 2)
        // Special tokens written in the text are taken as such.
        #expect(t.encodeContent("<mask>") == [700])
    }

    @Test func unknownCharactersFuseIntoOneToken() {
        let model = UnigramModel(pieces: [("<unk>", 0), ("▁", -1), ("a", -2), ("b", -2), ("ab", -2.5)], unknownID: 0)
        #expect(model.encode("▁ab") == [1, 4])
        #expect(model.encode("▁a😀😀b") == [1, 2, 0, 3])
    }
}

@Suite struct ByteTokenizerTests {
    @Test func idsMatchTheReferenceScript() {
        let cases = Fixtures.json("unigram_cases.json")["byte_cases"] as! [[String: Any]]
        #expect(cases.count >= 30)
        for c in cases {
            let ids = (c["ids"] as! [Int]).map(Int32.init)
            let padded = ByteTokenizer().encode(c["text"] as! String, maxLength: 64)
            #expect(padded == Array(ids.prefix(padded.count)))
            #expect(ids[padded.count...].allSatisfy { $0 == ByteTokenizer.pad })
        }
    }

    @Test func roundTripsEveryScript() {
        let t = ByteTokenizer()
        for text in ["Herzgröße normal", "心脏大小正常。", "ขนาดหัวใจปกติ", "حجم القلب طبيعي", "🫁"] {
            let ids = t.encode(text, maxLength: 512)
            #expect(ids.first == ByteTokenizer.bos && ids.last == ByteTokenizer.eos)
            #expect(ids.allSatisfy { $0 >= 0 && Int($0) < ByteTokenizer.vocabularySize })
            #expect(t.decode(ids) == text)
        }
        #expect(t.encode("abcdef", maxLength: 4) == [0, 101, 102, 2])
    }
}

/// XLM-R's exact tokenizer layout (SentencePiece `nmt_nfkc` → `XLMRobertaConverter`: fairseq ids, a
/// `Precompiled` charsmap, Strip right, runs of spaces → ▁), for which m3clip substitutes NMT
/// rules + NFKC for the compiled charsmap. This measures the effect of that approximation.
@Suite struct PrecompiledApproximationTests {
    @Test func approximationAgreesWithTheCompiledCharsmap() throws {
        let t = try HuggingFaceTokenizer(contentsOf: Fixtures.url("xlmr_style/tokenizer.json"))
        let cases = (Fixtures.json("xlmr_style/cases.json")["cases"] as! [[String: Any]])
            .map { ($0["text"] as! String, ($0["ids"] as! [Int]).map(Int32.init)) }
        var differing: [String] = []
        for (text, ids) in cases where t.encode(text, maxLength: 10_000) != ids {
            differing.append(text.debugDescription + ": \(t.encode(text, maxLength: 10_000)) vs \(ids)")
        }
        print("Precompiled approximation: \(cases.count - differing.count)/\(cases.count) sentences identical")
        for d in differing { print("  differs: \(d)") }
        #expect(differing.isEmpty)
    }
}

@Suite struct TokenizerSpecialsTests {
    @Test func xlmrTokenizersNameTheirMaskSpecialsAndWordStarts() throws {
        let t = try HuggingFaceTokenizer(contentsOf: Fixtures.url("hf_xlmr/tokenizer.json"))
        let mask = t.maskID
        #expect(mask == 700)
        #expect(t.specialIDs == [0, 1, 2, 3, 700])
        let converted = try HuggingFaceTokenizer(contentsOf: Fixtures.url("xlmr_style/tokenizer.json"))
        let convertedMask = converted.maskID, last = Int32(converted.model.pieces.count - 1)
        #expect(convertedMask == last, "<mask> as the vocabulary's last piece")
        let ids = t.encode("No pleural effusion.", maxLength: 32)
        let starts = ids.dropFirst().dropLast().filter { t.beginsWord($0) }.count
        #expect(starts == 3, "one ▁-piece per word: \(ids)")
        #expect(ByteTokenizer().maskID == 260 && ByteTokenizer().specialIDs == [0, 1, 2, 3, 260])
    }
}
