/// Splits report text into sections at the headers radiologists write ("FINDINGS:", "Impression",
/// "CLINICAL HISTORY:", …).
///
/// A header is recognised at the start of a line when it is one of the known header phrases (any
/// case) and is followed by a colon, by the end of the line, or — when written in capitals — by
/// text on the same line ("IMPRESSION Normal chest."). After the end of a sentence on the same
/// line, a header with a colon also opens a section ("… clear. IMPRESSION: Normal chest."). A
/// mid-sentence word such as "findings" is never a header. Repeated headers of one kind are merged
/// in order.
public struct SectionSplitter: Sendable {
    /// Header phrases (lower case, single spaces) and the section each one opens.
    public static let defaultHeaders: [String: ReportSectionKind] = [
        "findings": .findings, "finding": .findings, "report": .findings, "description": .findings,
        "impression": .impression, "impressions": .impression, "summary": .impression,
        "conclusion": .conclusion, "conclusions": .conclusion, "opinion": .conclusion,
        "indication": .indication, "indications": .indication, "reason for exam": .indication,
        "reason for examination": .indication, "reason for study": .indication,
        "clinical indication": .indication, "clinical information": .indication,
        "history": .history, "clinical history": .history, "clinical": .history,
        "comparison": .comparison, "comparisons": .comparison, "prior": .comparison,
        "technique": .technique, "techniques": .technique, "procedure": .technique,
        "examination": .technique, "exam": .technique, "views": .technique,
        // The same headers in the languages reports most often arrive in besides English.
        "befund": .findings, "befunde": .findings, "beurteilung": .impression, "indikation": .indication,
        "vergleich": .comparison, "anamnese": .history, "fragestellung": .indication,
        "résultats": .findings, "constatations": .findings, "interprétation": .impression,
        "indication clinique": .indication, "comparaison": .comparison,
        "hallazgos": .findings, "impresión": .impression, "conclusión": .conclusion, "indicación": .indication,
        "achados": .findings, "impressão": .impression, "conclusão": .conclusion,
        "reperto": .findings, "conclusioni": .conclusion, "bevindingen": .findings, "conclusie": .conclusion,
        "fynd": .findings, "bedömning": .impression, "wynik": .findings, "wnioski": .conclusion,
    ]

    private let headers: [String: ReportSectionKind]
    private let longestHeaderWords: Int

    public init(headers: [String: ReportSectionKind] = SectionSplitter.defaultHeaders) {
        self.headers = headers
        longestHeaderWords = headers.keys.map { $0.split(separator: " ").count }.max() ?? 1
    }

    /// The section a header opens (`"Findings"`, `"CLINICAL HISTORY:"`), or nil when it is not one.
    public func kind(ofHeader header: String) -> ReportSectionKind? {
        let words = header.split(whereSeparator: { !$0.isLetter }).map { $0.lowercased() }
        return headers[words.joined(separator: " ")]
    }

    public func split(_ text: String) -> [ReportSection] {
        var sections: [ReportSection] = []
        var currentKind = ReportSectionKind.preamble
        var currentHeader: String? = nil
        var currentLines: [Substring] = []

        func flush() {
            let body = currentLines.joined(separator: "\n").trimmingWhitespace()
            currentLines.removeAll()
            guard !body.isEmpty || currentHeader != nil else { return }
            if let index = sections.firstIndex(where: { $0.kind == currentKind }), currentKind != .preamble {
                sections[index].text = [sections[index].text, body].filter { !$0.isEmpty }.joined(separator: "\n")
            } else {
                sections.append(ReportSection(kind: currentKind, header: currentHeader, text: body))
            }
        }

        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).flatMap(splitAtInlineHeaders)
        for line in lines {
            if let match = header(in: line) {
                flush()
                currentKind = match.kind
                currentHeader = match.header
                if !match.rest.isEmpty { currentLines.append(match.rest) }
            } else {
                currentLines.append(line)
            }
        }
        flush()
        return sections.filter { !$0.text.isEmpty }
    }

    /// Splits a line before each header that follows the end of a sentence and ends in a colon
    /// ("… are clear. IMPRESSION: Normal chest."), so one-line reports split too.
    private func splitAtInlineHeaders(_ line: Substring) -> [Substring] {
        var pieces: [Substring] = []
        var pieceStart = line.startIndex
        var index = line.startIndex
        while let period = line[index...].firstIndex(where: { $0 == "." || $0 == ";" }) {
            var next = line.index(after: period)
            guard next < line.endIndex, line[next] == " " else { index = next; continue }
            while next < line.endIndex, line[next] == " " { next = line.index(after: next) }
            if let match = header(in: line[next...]), line[next...].dropFirst(match.header.count)
                .drop(while: { $0 == " " || $0 == "\t" }).first == ":" {
                pieces.append(line[pieceStart..<line.index(after: period)])
                pieceStart = next
            }
            index = next
            if index >= line.endIndex { break }
        }
        pieces.append(line[pieceStart...])
        return pieces
    }

    private func header(in line: Substring) -> (kind: ReportSectionKind, header: String, rest: Substring)? {
        let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
        guard let first = trimmed.first, first.isLetter else { return nil }
        // Collect up to `longestHeaderWords` words and try the longest phrase first.
        var words: [Substring] = []
        var ends: [Substring.Index] = []
        var index = trimmed.startIndex
        while words.count < longestHeaderWords, index < trimmed.endIndex {
            let start = index
            while index < trimmed.endIndex, trimmed[index].isLetter { index = trimmed.index(after: index) }
            guard index > start else { break }
            words.append(trimmed[start..<index])
            ends.append(index)
            guard index < trimmed.endIndex, trimmed[index] == " " else { break }
            let next = trimmed.index(after: index)
            guard next < trimmed.endIndex, trimmed[next].isLetter else { break }
            index = next
        }
        for count in stride(from: words.count, through: 1, by: -1) {
            let phrase = words[0..<count].map { $0.lowercased() }.joined(separator: " ")
            guard let kind = headers[phrase] else { continue }
            let headerText = String(trimmed[trimmed.startIndex..<ends[count - 1]])
            var rest = trimmed[ends[count - 1]...].drop(while: { $0 == " " || $0 == "\t" })
            if rest.first == ":" {
                rest = rest.dropFirst().drop(while: { $0 == " " || $0 == "\t" })
                return (kind, headerText, rest)
            }
            if rest.isEmpty { return (kind, headerText, rest) }
            let isCapitals = headerText.allSatisfy { !$0.isLetter || $0.isUppercase } && headerText.count > 1
            if isCapitals, let next = rest.first, next.isUppercase || next.isNumber {
                return (kind, headerText, rest)
            }
            return nil
        }
        return nil
    }
}

extension StringProtocol where SubSequence == Substring {
    /// The text without leading and trailing whitespace and newlines.
    func trimmingWhitespace() -> String {
        let body = drop(while: \.isWhitespace)
        var end = body.endIndex
        while end > body.startIndex, body[body.index(before: end)].isWhitespace {
            end = body.index(before: end)
        }
        return String(body[..<end])
    }
}
