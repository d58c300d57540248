public import Foundation

/// The CheXpert-style rule-based labeler: reads a report's text and says, per sentence and for
/// the whole report, whether each of the 14 CheXpert observations is positive, negative,
/// uncertain or not mentioned.
///
/// How it works (the CheXpert labeler's stages, without its parser): the text is tokenized once
/// and split into sentences (``SentenceSplitter``); mentions are found with a phrase trie over
/// the per-observation lexicons, minus unmentions; negation and uncertainty triggers (before
/// negation, negation, after negation) are found with a second trie and reach the mentions in
/// their scope, which stops at clause boundaries ("but", "however", ";", "with", …) and at
/// coordinated clauses with a predicate of their own ("no effusion and the heart is enlarged");
/// "A or B" makes both uncertain unless negated. Sentence states are aggregated per report
/// (positive wins, then uncertain, then negative), and No Finding is positive only when no
/// observation but Support Devices, and no other abnormality (emphysema, scoliosis, granuloma,
/// …), is positive or uncertain; otherwise it is left blank.
///
/// A `Labeler` is immutable and `Sendable`: load it once and share it across tasks.
public struct Labeler: Sendable {
    /// The labeler's version, stored with every label it produces. Bump it whenever the rules or
    /// the lexicons change, so stored labels can be recomputed (`m3clip relabel`).
    public static let version = "m3clip-chexpert-1.0.1"

    let lexicon: Lexicon
    let splitter: SentenceSplitter

    /// Loads the lexicons shipped with the module.
    public init(splitter: SentenceSplitter = SentenceSplitter()) throws {
        self.init(lexicon: try Labeler.bundledLexicon.get(), splitter: splitter)
    }

    /// Loads lexicons from `folder` (with `Mentions/` and `Triggers/`, laid out like the
    /// module's `Resources/`), for experiments with other rules.
    public init(lexiconFolder folder: URL, splitter: SentenceSplitter = SentenceSplitter()) throws {
        self.init(lexicon: try Lexicon(folder: folder), splitter: splitter)
    }

    init(lexicon: Lexicon, splitter: SentenceSplitter) {
        self.lexicon = lexicon
        self.splitter = splitter
    }

    private static let bundledLexicon = Result { try Lexicon.bundled() }

    /// Labels a report's text (findings and impression, as CheXpert does; see
    /// ``Report/imageDescription``).
    public func labelReport(_ text: String) -> ReportLabels {
        var text = text
        return text.withUTF8 { bytes in label(bytes, sentenceTexts: true) }
    }

    /// Labels a sectioned report on its ``Report/imageDescription`` (findings and impression).
    /// The lexicons are English: label English reports (``LanguageCode/english``) only.
    public func labelReport(_ report: Report) -> ReportLabels {
        labelReport(report.imageDescription)
    }

    /// The report-level labels only (no sentence texts are built): the fast path for bulk work.
    public func labelAggregate(_ text: String) -> ObservationLabels {
        var text = text
        return text.withUTF8 { bytes in label(bytes, sentenceTexts: false).aggregate }
    }

    func label(_ bytes: UnsafeBufferPointer<UInt8>, sentenceTexts: Bool) -> ReportLabels {
        var tokens: [Token] = []
        tokens.reserveCapacity(bytes.count / 5 + 8)
        Tokenizer.tokenize(bytes, into: &tokens)
        let ranges = splitter.sentences(tokens, bytes)
        var scratch = SentenceScratch(tokenCount: tokens.count)
        var sentences: [SentenceLabels] = []
        sentences.reserveCapacity(ranges.count)
        var aggregate = ObservationLabels()
        var otherAbnormality = false
        tokens.withUnsafeBufferPointer { tokens in
            for range in ranges {
                let result = labelSentence(range, tokens: tokens, bytes: bytes, scratch: &scratch)
                aggregate.merge(result.labels)
                otherAbnormality = otherAbnormality || result.otherAbnormality
                let text = sentenceTexts ? SentenceSplitter.text(of: range, tokens: tokens, bytes: bytes) : ""
                sentences.append(SentenceLabels(text: text, labels: result.labels))
            }
        }
        // As in CheXpert, a report without any positive or uncertain finding (an empty one too)
        // is No Finding.
        let abnormal = otherAbnormality || Observation.findings.contains {
            $0 != .supportDevices && aggregate[$0].isPositiveOrUncertain
        }
        aggregate[.noFinding] = abnormal ? .notMentioned : .positive
        return ReportLabels(sentences: sentences, aggregate: aggregate)
    }
}
