/// The audit report's per-language means as an SVG bar chart: for each target language, the
/// judge's mean accuracy, fluency and consistency of the kept translations (solid) and of the
/// rejected ones (pale), on the 1–5 scale, with the reviewers' means as black ticks where people
/// scored. Self-contained SVG 1.1 (no script, no external font), readable in any browser.
public struct AuditChart: Sendable {
    public let report: AuditReport

    public init(report: AuditReport) { self.report = report }

    static let colours: [AuditDimension: String] = [.accuracy: "#1f77b4", .fluency: "#2ca02c", .consistency: "#d62728"]
    static let barWidth = 7.0, gap = 1.0, groupGap = 14.0
    static let plotHeight = 220.0, top = 48.0, left = 44.0, bottom = 70.0

    public func svg() -> String {
        let languages = report.languages
        let groupWidth = 6 * (Self.barWidth + Self.gap) + Self.groupGap
        let width = Self.left + Double(max(1, languages.count)) * groupWidth + 150
        let height = Self.top + Self.plotHeight + Self.bottom
        func y(_ score: Double) -> Double { Self.top + Self.plotHeight * (1 - (score - 1) / 4) }
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Self.format(width))" height="\(Self.format(height))" \
            viewBox="0 0 \(Self.format(width)) \(Self.format(height))" font-family="sans-serif" font-size="11">
            <title>Translation audit: judge means per language</title>
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(Self.left)" y="18" font-size="14">Translation audit — judge \(Self.escaped(report.judgeModel ?? "none")) \
            (\(Self.escaped(report.promptVersion ?? "-"))): mean scores per target language</text>
            <text x="\(Self.left)" y="34" fill="#555">solid: kept by the filters · pale: rejected · black tick: reviewers' mean</text>

            """
        for score in 1...5 {
            let lineY = Self.format(y(Double(score)))
            svg += "<line x1=\"\(Self.left)\" x2=\"\(Self.format(width - 150))\" y1=\"\(lineY)\" y2=\"\(lineY)\" stroke=\"#ddd\"/>"
            svg += "<text x=\"\(Self.format(Self.left - 8))\" y=\"\(lineY)\" text-anchor=\"end\" dominant-baseline=\"middle\">\(score)</text>\n"
        }
        for (index, language) in languages.enumerated() {
            var x = Self.left + Double(index) * groupWidth + Self.groupGap / 2
            for (group, opacity, verdict) in [(language.kept, "1", "kept"), (language.rejected, "0.35", "rejected")] {
                for dimension in AuditDimension.allCases {
                    if let mean = group.judge[dimension] {
                        let barTop = y(mean)
                        svg += "<rect x=\"\(Self.format(x))\" y=\"\(Self.format(barTop))\" width=\"\(Self.barWidth)\" "
                            + "height=\"\(Self.format(y(1) - barTop))\" fill=\"\(Self.colours[dimension]!)\" fill-opacity=\"\(opacity)\">"
                            + "<title>\(Self.escaped(language.language)) \(verdict) "
                            + "\(dimension.rawValue): \(Self.format(mean)) (n=\(group.judge.count))</title></rect>"
                    }
                    if let human = group.human[dimension] {
                        let tickY = Self.format(y(human))
                        svg += "<line x1=\"\(Self.format(x - 1))\" x2=\"\(Self.format(x + Self.barWidth + 1))\" y1=\"\(tickY)\" y2=\"\(tickY)\" stroke=\"black\" stroke-width=\"2\"/>"
                    }
                    x += Self.barWidth + Self.gap
                }
            }
            let labelX = Self.format(Self.left + Double(index) * groupWidth + groupWidth / 2)
            let labelY = Self.format(y(1) + 10)
            svg += "\n<text x=\"\(labelX)\" y=\"\(labelY)\" text-anchor=\"end\" transform=\"rotate(-60 \(labelX) \(labelY))\">\(Self.escaped(language.language))</text>\n"
        }
        let legendX = width - 140
        for (row, dimension) in AuditDimension.allCases.enumerated() {
            let legendY = Self.top + Double(row) * 18
            svg += "<rect x=\"\(Self.format(legendX))\" y=\"\(Self.format(legendY))\" width=\"10\" height=\"10\" fill=\"\(Self.colours[dimension]!)\"/>"
            svg += "<text x=\"\(Self.format(legendX + 16))\" y=\"\(Self.format(legendY + 9))\">\(dimension.rawValue)</text>\n"
        }
        if languages.isEmpty {
            svg += "<text x=\"\(Self.left + 10)\" y=\"\(Self.format(y(3)))\">no audited translations</text>\n"
        }
        return svg + "</svg>\n"
    }

    static func format(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    static func escaped(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default: result.append(character)
            }
        }
        return result
    }
}
